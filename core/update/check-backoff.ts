/**
 * Backoff after failed checks, with full jitter (docs/SPEC.md §3, `failures`/`next_check_at`).
 * Only a board that polls (`min_update_interval_sec` > 0) keeps it: the n-th failed check in a row
 * waits a draw in [0, min(interval, backoff_sec · 2ⁿ⁻¹)] before the next, so a fleet that failed
 * together (GitHub down, a bad release) does not come back together, and never waits longer than
 * its own interval. Without an interval the board checks once per boot, as before.
 *
 * The draw is deterministic — FNV-1a of "<board id>:<n>", two xorshift32 rounds, modulo the cap
 * — so boards differ (their ids do) while the simulator, core and device/ agree number for number.
 */
import type { Config } from '../config/types.ts';
import type { UpdateOutcome } from '../outcome.ts';
import type { Ports } from '../ports/index.ts';
import { RATE_LIMIT_MAX_WAIT_MS, readOtaState, type OtaState } from '../state/index.ts';
import { nowWholeSecondsMs } from './whole-seconds.ts';

/** 32-bit FNV-1a of the text's UTF-16 code units (board ids and counts are ASCII). */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function xorshift32(x: number): number {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

/** The board's draw for its n-th failed check in a row, in [0, capMs] ms. */
export function jitterMs(boardId: string, n: number, capMs: number): number {
  const u = xorshift32(xorshift32(fnv1a32(`${boardId}:${n}`)));
  return u % (Math.max(0, Math.floor(capMs)) + 1);
}

/** The cap of the n-th failed check's wait (n ≥ 1), ms: min(interval, backoff_sec · 2ⁿ⁻¹). */
export function backoffCapMs(config: Pick<Config, 'min_update_interval_sec' | 'backoff_sec'>, n: number): number {
  const intervalMs = config.min_update_interval_sec * 1000;
  // 2^(n-1) overflows nothing that matters: past 2^31 the interval caps it anyway.
  return Math.min(intervalMs, config.backoff_sec * 1000 * 2 ** Math.min(Math.max(0, n - 1), 31));
}

/**
 * The state after a failed check: one more failure, and the next check no earlier than the draw —
 * nor than a rate-limit reset or a Retry-After (at most an hour) GitHub asked for. Null when the
 * board does not poll.
 */
export function afterFailure(
  ports: Pick<Ports, 'clock' | 'system'>,
  config: Config,
  state: OtaState,
  resetAt: number | null,
  retryAfterMs: number | null = null,
): Pick<OtaState, 'failures' | 'next_check_at'> | null {
  if (config.min_update_interval_sec <= 0) return null;
  const failures = (state.failures ?? 0) + 1;
  const now = nowWholeSecondsMs(ports.clock);
  const at = now + jitterMs(ports.system.uniqueId(), failures, backoffCapMs(config, failures));
  const asked = retryAfterMs === null ? 0 : now + Math.min(Math.max(0, Math.floor(retryAfterMs)), RATE_LIMIT_MAX_WAIT_MS);
  return { failures, next_check_at: Math.max(at, resetAt ?? 0, asked) };
}

/** Deferred while a backoff runs. A wait further ahead than any draw could be means the clock went back: ignored. */
export async function backoffDeferral(ports: Ports, config: Config): Promise<Extract<UpdateOutcome, { kind: 'deferred' }> | null> {
  if (config.min_update_interval_sec <= 0) return null;
  const { next_check_at: at, failures } = await readOtaState(ports.flash);
  if (at === null || at === undefined) return null;
  const now = nowWholeSecondsMs(ports.clock);
  if (at <= now) return null;
  if (at - now > Math.max(config.min_update_interval_sec * 1000, RATE_LIMIT_MAX_WAIT_MS)) {
    ports.log.log('info', 'state.backoff-ahead', { aheadMs: at - now });
    return null;
  }
  return { kind: 'deferred', reason: `backing off after ${failures ?? 0} failed check(s): next check in ${Math.ceil((at - now) / 1000)} s`, until: at };
}
