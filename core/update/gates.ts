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
import { readOtaState } from '../state/index.ts';

export async function deferral(ports: Ports, config: Config): Promise<Extract<UpdateOutcome, { kind: 'deferred' }> | null> {
  if (await exists(ports.flash, JOURNAL_PATH)) {
    return { kind: 'deferred', reason: `${JOURNAL_PATH} is still pending: recovery must finish it before another update (it retries at every boot)` };
  }
  const now = ports.clock.now();
  const state = await readOtaState(ports.flash);
  if (state.rate_limited_until !== null && state.rate_limited_until > now) {
    return { kind: 'deferred', reason: `GitHub rate limit: next check after ${new Date(state.rate_limited_until).toISOString()}`, until: state.rate_limited_until };
  }
  const free = ports.system.freeMemory();
  if (free !== null && free < config.min_free_mem) {
    return { kind: 'deferred', reason: `free memory ${free} B is below min_free_mem ${config.min_free_mem} B` };
  }
  const battery = ports.battery?.percent() ?? null;
  if (config.min_battery_percent !== null && battery !== null && battery < config.min_battery_percent) {
    return { kind: 'deferred', reason: `battery ${battery}% is below min_battery_percent ${config.min_battery_percent}%` };
  }
  return null;
}
