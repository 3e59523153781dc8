/**
 * What a non-2xx status means to the user. Messages say what was looked for and what to do;
 * none of them carries the response body (a non-2xx body is never content).
 */
import { OtaError } from '../errors.ts';
import { hostOf } from './urls.ts';

export interface StatusContext {
  url: string;
  /** owner/repo, for messages. */
  repo: string;
  hasToken: boolean;
  /** The 404 message: what was not there ("branch main not found in owner/repo"). */
  notFound?: string;
  attempts?: number;
}

export function statusError(status: number, ctx: StatusContext): OtaError {
  const details = { status, url: ctx.url };
  if (status === 401) {
    return new OtaError('UNAUTHORIZED', `token rejected: check \`token\` in ota_config.json, needs read access to ${ctx.repo}`, details);
  }
  if (status === 404) {
    const what = ctx.notFound ?? `${ctx.url} not found`;
    // GitHub answers 404, not 401/403, for a private repository seen without a token.
    const hint = ctx.hasToken ? '' : `; if ${ctx.repo} is private, set \`token\` in ota_config.json`;
    return new OtaError('NOT_FOUND', `${what}${hint}`, details);
  }
  const tries = ctx.attempts !== undefined && ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  return new OtaError('HTTP_STATUS', `HTTP ${status} from ${hostOf(ctx.url)}${tries}`, details);
}
