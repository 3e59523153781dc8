/**
 * Reasons not to start an update now, checked before any request: a transaction still pending
 * (recovery could not finish it: it retries at every boot, and a new attempt would clear the
 * stage its journal needs), a rate-limit window GitHub told us about, too little memory, a low
 * battery. Each is a deferral (a value), not an error, except
 * that a deferral by rate limit was already recorded when GitHub answered 403.
 */
import type { Config } from '../config/types.ts';
import type { UpdateOutcome } from '../outcome.ts';
import type { Ports } from '../ports/index.ts';
import { exists } from '../fsx/index.ts';
import { JOURNAL_PATH } from '../journal/index.ts';
import { batteryPercent } from '../battery/level.ts';
import { isFlashError } from '../ports/flash.ts';
import { RATE_LIMIT_MAX_WAIT_MS, readOtaState, recordError, writeOtaState, type ReadOtaState } from '../state/index.ts';

export async function deferral(ports: Ports, config: Config): Promise<Extract<UpdateOutcome, { kind: 'deferred' }> | null> {
  if (await exists(ports.flash, JOURNAL_PATH)) {
    return { kind: 'deferred', reason: `${JOURNAL_PATH} is still pending: recovery must finish it before another update (it retries at every boot)` };
  }
  const now = ports.clock.now();
  const state = await readOtaState(ports.flash);
  const corrupt = state.unreadableUntil ?? (state.rate_limited_until !== null && state.rate_limited_until > now + RATE_LIMIT_MAX_WAIT_MS
    ? `is ${Math.round((state.rate_limited_until - now) / 60_000)} min ahead of the clock, more than GitHub's 1 h window`
    : null);
  if (corrupt !== null) {
    await dropRateLimit(ports, config, state, corrupt);
  } else if (state.rate_limited_until !== null && state.rate_limited_until > now) {
    return { kind: 'deferred', reason: `GitHub rate limit: next check after ${new Date(state.rate_limited_until).toISOString()}`, until: state.rate_limited_until };
  }
  const free = ports.system.freeMemory();
  if (free !== null && free < config.min_free_mem) {
    return { kind: 'deferred', reason: `free memory ${free} B is below min_free_mem ${config.min_free_mem} B` };
  }
  const battery = batteryPercent(ports);
  if (config.min_battery_percent !== null && battery !== null && battery < config.min_battery_percent) {
    return { kind: 'deferred', reason: `battery ${battery}% is below min_battery_percent ${config.min_battery_percent}%` };
  }
  return null;
}

/**
 * A wait no GitHub answer could have asked for: the file is corrupt, or the clock went back (a
 * Pico W without NTP restarts at 2021-01-01 on every power-on, so a wait recorded late in a long
 * uptime lies far ahead after a power cut). Ignored and cleared — at worst one request GitHub
 * answers with the limit again — and recorded, so the user sees why.
 */
async function dropRateLimit(ports: Ports, config: Config, state: ReadOtaState, why: string): Promise<void> {
  const message = `ota_state.json: rate_limited_until ${why}; ignored (a corrupt file, or the clock was reset)`;
  ports.log.log('warn', 'state.rate-limit-dropped', { why });
  await recordError(ports, { phase: 'check', code: 'RECOVERY', message }, { limit: config.error_history_limit, token: config.token });
  try {
    await writeOtaState(ports.flash, { ...state, rate_limited_until: null });
  } catch (err) {
    if (!isFlashError(err)) throw err;
    ports.log.log('warn', 'state.write-failed', { message: err.message });
  }
}
