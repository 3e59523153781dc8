/**
 * The ref lookup made conditional (docs/SPEC.md §3, `lookup`): with the ETag of the last lookup of
 * the same path, an idle check is one request GitHub answers 304. A 304 only says "the same answer
 * as last time", so it ends the check only when that answer's commit is installed (up to date) or
 * was rejected after a failed trial; otherwise the lookup is made again in full. A garbled record
 * is dropped (recorded): a full lookup costs a request or two, following a bad one could skip updates.
 */
import type { Config } from '../config/types.ts';
import type { GitHubClient, Target } from '../github/index.ts';
import { isFlashError, type Ports } from '../ports/index.ts';
import { readOtaState, recordError, serializeOtaState, writeOtaState, type LookupRecord, type OtaState, type VersionJson } from '../state/index.ts';
import { lookupPath } from '../github/resolve.ts';
import { nowWholeSecondsMs } from './whole-seconds.ts';

export type Looked =
  | { kind: 'target'; target: Target; lookup: LookupRecord | null }
  /** A 304 for what the board already has (`up-to-date`) or refused (`rejected`). */
  | { kind: 'unchanged'; lookup: LookupRecord; as: 'up-to-date' | 'rejected' };

export async function lookupTarget(ports: Ports, config: Config, client: GitHubClient, installed: VersionJson | null): Promise<Looked> {
  const state = await readOtaState(ports.flash);
  if (state.unreadableLookup !== null) await dropLookup(ports, config, state, state.unreadableLookup);
  const path = lookupPath(config);
  // force reinstalls whatever the lookup says, so it must see the whole answer.
  const stored = !config.force && state.lookup !== null && state.lookup.path === path ? state.lookup : null;
  let resolved = await client.resolveTargetIfChanged(stored?.etag ?? null);
  if (resolved.kind === 'not-modified' && stored !== null) {
    if (installed?.commit === stored.commit) return { kind: 'unchanged', lookup: stored, as: 'up-to-date' };
    if (installed?.rejected?.includes(stored.commit)) return { kind: 'unchanged', lookup: stored, as: 'rejected' };
    ports.log.log('info', 'lookup.not-modified-not-installed', { path, commit: stored.commit });
    resolved = await client.resolveTargetIfChanged(null);
  }
  if (resolved.kind !== 'target') throw new Error('unreachable: a 304 without If-None-Match is a BAD_RESPONSE');
  const { etag } = resolved.lookup;
  return { kind: 'target', target: resolved.target, lookup: etag === null ? null : { path, etag, commit: resolved.target.commit } };
}

/**
 * After a completed check: the rate-limit wait is over, `last_check` is now (only kept when an
 * interval uses it, to spare the flash a write per check), and `lookup` (when given) replaces the
 * stored one. Written only when the bytes change; a flash that refuses it costs a request later.
 */
export async function noteCheck(ports: Ports, config: Config, lookup?: LookupRecord | null, counter?: number): Promise<void> {
  const state = await readOtaState(ports.flash);
  const next: OtaState = {
    rate_limited_until: null,
    last_check: config.min_update_interval_sec > 0 ? nowWholeSecondsMs(ports.clock) : state.last_check,
    lookup: lookup === undefined ? state.lookup : lookup,
    // A completed check ends any backoff.
    failures: 0,
    next_check_at: null,
    // Crash counts are boots in a row (crash-delay.ts), not checks: a completed check keeps them.
    ...(state.crashes !== undefined ? { crashes: state.crashes } : {}),
    ...(state.crash_skip !== undefined ? { crash_skip: state.crash_skip } : {}),
    // The anti-rollback counter only rises (SPEC §12.5): a signed install raises it.
    ...(counter !== undefined || state.counter !== undefined ? { counter: Math.max(counter ?? 0, state.counter ?? 0) } : {}),
  };
  if (serializeOtaState(next) === serializeOtaState(state)) return;
  await writeStateQuietly(ports, next);
}

async function dropLookup(ports: Ports, config: Config, state: OtaState, why: string): Promise<void> {
  ports.log.log('warn', 'state.lookup-dropped', { why });
  const message = `ota_state.json: lookup ${why}; ignored, the ref is looked up in full (a corrupt file)`;
  await recordError(ports, { phase: 'check', code: 'RECOVERY', message }, { limit: config.error_history_limit, token: config.token });
  await writeStateQuietly(ports, { ...state, lookup: null });
}

export async function writeStateQuietly(ports: Ports, state: OtaState): Promise<void> {
  try {
    await writeOtaState(ports.flash, state);
  } catch (err) {
    if (!isFlashError(err)) throw err;
    ports.log.log('warn', 'state.write-failed', { message: err.message });
  }
}
