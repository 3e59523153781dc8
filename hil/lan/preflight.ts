/**
 * Proof the board (or any client) reaches every LAN listener before a run: GET the ping path on
 * each origin. A board that cannot reach one of them would fail the run for the rig's reason,
 * not the updater's, so the run must not start.
 */
import { PING_PATH, type Lan } from './server.ts';

export type FetchFn = (url: string) => Promise<{ status: number; text(): Promise<string> }>;

export interface PreflightResult {
  /** Each listener's LAN origin and the round trip in ms. */
  reached: { lan: string; github: string; ms: number }[];
}

export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

/** `fetchFn` is how the board fetches (e.g. over its REPL); default: this host's fetch. */
export async function preflight(lan: Pick<Lan, 'origins'>, fetchFn: FetchFn = (u) => fetch(u, { signal: AbortSignal.timeout(5000) })): Promise<PreflightResult> {
  const reached: PreflightResult['reached'] = [];
  for (const o of lan.origins) {
    const url = o.lan + PING_PATH;
    const t0 = performance.now();
    let status: number;
    let text: string;
    try {
      const res = await fetchFn(url);
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new PreflightError(`preflight: ${url} (stands for ${o.github}) is unreachable: ${describe(err)}`, { cause: err });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (status !== 200 || (body as { otalab?: unknown } | null)?.otalab !== 'lan' || (body as { github?: unknown }).github !== o.github) {
      throw new PreflightError(`preflight: ${url} answered HTTP ${status} with something other than the otalab LAN ping (${text.slice(0, 80)}): another server on that address?`);
    }
    reached.push({ lan: o.lan, github: o.github, ms: Math.round((performance.now() - t0) * 10) / 10 });
  }
  return { reached };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause as { code?: string; message?: string } | undefined;
    return cause?.code ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}
