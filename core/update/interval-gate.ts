/**
 * `min_update_interval_sec`: no check within that many seconds of the last completed one
 * (ota_state.json `last_check`, so it holds across reboots). A board without NTP restarts its
 * clock at 2021-01-01 on every power-on, so a `last_check` ahead of the clock proves only that the
 * clock went back: it is ignored and the board checks (docs/SPEC.md §3) — a wrong clock may cost
 * extra checks, never block updates.
 */
import type { Config } from '../config/types.ts';
import type { UpdateOutcome } from '../outcome.ts';
import type { Ports } from '../ports/index.ts';
import { readOtaState } from '../state/index.ts';
import { nowWholeSecondsMs } from './whole-seconds.ts';

export async function intervalDeferral(ports: Ports, config: Config): Promise<Extract<UpdateOutcome, { kind: 'deferred' }> | null> {
  if (config.min_update_interval_sec <= 0) return null;
  const last = (await readOtaState(ports.flash)).last_check;
  if (last === null) return null;
  const now = nowWholeSecondsMs(ports.clock);
  if (last > now) {
    ports.log.log('info', 'state.last-check-ahead', { aheadMs: last - now });
    return null;
  }
  const until = last + config.min_update_interval_sec * 1000;
  if (until <= now) return null;
  const ago = Math.floor((now - last) / 1000);
  return { kind: 'deferred', reason: `last check ${ago} s ago, min_update_interval_sec is ${config.min_update_interval_sec}: next check in ${Math.ceil((until - now) / 1000)} s`, until };
}
