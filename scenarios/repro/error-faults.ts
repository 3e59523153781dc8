/**
 * The error ring (ota_error.json) → link faults that make the same things happen again: each
 * record a fault, `optional: true` (the replay may take another path and never meet it: the fault
 * then says what the board saw, it does not force it). Records no link fault explains (FLASH,
 * RECOVERY, TRIAL_FAILED…) are listed instead, for the comment block.
 */
import type { ErrorRecord } from '../../core/state/index.ts';
import type { LinkFault } from '../../sim/link/spec.ts';
import type { Fault } from '../types.ts';

export interface RingFaults {
  faults: Fault[];
  /** One line per record: what it became, or why nothing. */
  notes: string[];
}

/** GitHub's window is an hour: a longer wait is no rate limit answer the updater would keep (SPEC §3). */
const MAX_RETRY_AFTER_S = 3600;

export function faultsFromErrors(records: readonly ErrorRecord[]): RingFaults {
  const out: RingFaults = { faults: [], notes: [] };
  for (const rec of records) {
    const fault = faultOf(rec);
    const what = `${rec.code} (${rec.phase}) "${rec.message}"`;
    if (fault === null) {
      out.notes.push(`${what}: no link fault reproduces it (board-side)`);
      continue;
    }
    const full = { ...fault, optional: true } as Fault;
    out.faults.push(full);
    out.notes.push(`${what} -> ${describe(full)}`);
  }
  return out;
}

function describe(f: Fault): string {
  return Object.entries(f)
    .filter(([k]) => k !== 'optional')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/**
 * Where the request went: the record's path (a file download), its URL's path, or the host its
 * message names ("HTTP 503 from api.github.com"); and how often, when the message counts the
 * attempts ("after 3 attempts"), so the replayed attempt fails as the recorded one did.
 */
function target(rec: ErrorRecord): { urlIncludes?: string; times?: number } {
  const attempts = Number(/\b(\d+) attempts\b/.exec(rec.message)?.[1] ?? 1);
  const times = attempts > 1 ? { times: attempts } : {};
  if (typeof rec.path === 'string' && rec.path !== '') return { urlIncludes: `/${rec.path}`, ...times };
  if (typeof rec.url === 'string') {
    try {
      const u = new URL(rec.url);
      if (u.pathname !== '/') return { urlIncludes: u.pathname, ...times };
    } catch {
      /* not a URL: try the message */
    }
  }
  const host = /\b(?:from|contacting) ([a-z0-9.-]+\.[a-z]{2,})\b/i.exec(rec.message)?.[1];
  return host ? { urlIncludes: `//${host}/`, ...times } : times;
}

function faultOf(rec: ErrorRecord): LinkFault | null {
  const where = target(rec);
  const m = rec.message;
  switch (rec.code) {
    case 'RATE_LIMITED': {
      const at = typeof rec.retry_at === 'number' && rec.time > 0 ? rec.retry_at - rec.time : 60;
      return { kind: 'status', status: 429, retryAfterS: Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.round(at))), ...where };
    }
    case 'HTTP_STATUS': {
      const status = Number(/HTTP (\d{3})/.exec(m)?.[1] ?? 500);
      return { kind: 'status', status, ...where };
    }
    case 'NOT_FOUND':
      return { kind: 'status', status: 404, ...where };
    case 'UNAUTHORIZED':
      return { kind: 'status', status: 401, ...where };
    case 'HASH_MISMATCH':
      return rec.phase === 'download' || typeof rec.path === 'string' ? { kind: 'corrupt', byte: 0, ...where } : null;
    case 'SIZE_MISMATCH': {
      const bytes = typeof rec.bytes === 'number' ? rec.bytes : 0;
      return { kind: 'truncate', afterBytes: bytes, ...where };
    }
    case 'NETWORK': {
      if (/timed out|no response within|stalled/.test(m)) return { kind: 'stall', delayMs: 60_000, ...where };
      if (/DNS/.test(m)) return { kind: 'dns', ...where };
      const dropped = /connection dropped (?:after|while reading .* after) (\d+)/.exec(m);
      if (dropped) return { kind: 'drop', afterBytes: Number(dropped[1]), ...where };
      return { kind: 'reset', ...where };
    }
    case 'BAD_RESPONSE':
      return /HTML page|captive portal/.test(m) ? { kind: 'html', ...where } : null;
    default:
      return null;
  }
}
