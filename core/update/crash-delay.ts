/**
 * Health-based deferral (docs/SPEC.md §9.4): with `max_crashes_before_delay` N, every boot that
 * runs the update check counts whether it began with a watchdog reset (a crash or a hang: on a
 * Pico W an app that dies stops feeding the watchdog). After N in a row the check pauses for N
 * boots, so a board whose update attempt itself crashes (heap exhaustion, a driver hang) lets the
 * app run instead of retrying into the crash at every boot; then checks resume and counting
 * starts over, so a crashing app can still receive the release that fixes it. Counted in boots,
 * not hours: a board without network time has no clock to wait on.
 */
import type { Config } from '../config/types.ts';
import { isFlashError } from '../ports/flash.ts';
import type { Ports } from '../ports/index.ts';
import { readOtaState, writeOtaState } from '../state/index.ts';
import type { ScheduleDeferral } from './window.ts';

export async function crashDeferral(ports: Ports, config: Pick<Config, 'max_crashes_before_delay'>): Promise<ScheduleDeferral | null> {
  const max = config.max_crashes_before_delay;
  if (max === null) return null;
  const state = await readOtaState(ports.flash);
  const before = { crashes: state.crashes ?? 0, skip: state.crash_skip ?? 0 };
  let crashes = before.crashes;
  let skip = before.skip;
  let pause = false;
  if (skip > 0) {
    skip -= 1; // paused: these boots are not counted, or a crashing app would pause checks for good
    crashes = 0;
    pause = true;
  } else {
    crashes = ports.system.resetCause() === 'watchdog' ? crashes + 1 : 0;
    if (crashes >= max) {
      skip = max - 1; // this boot is the first of the N paused ones
      crashes = 0;
      pause = true;
    }
  }
  if (crashes !== before.crashes || skip !== before.skip) {
    const { unreadableUntil: _, ...kept } = state;
    try {
      await writeOtaState(ports.flash, { ...kept, crashes, crash_skip: skip });
    } catch (err) {
      if (!isFlashError(err)) throw err;
      ports.log.log('warn', 'state.write-failed', { message: err.message });
    }
  }
  if (!pause) return null;
  return {
    code: 'CRASH_DELAY',
    reason: `the board was reset by its watchdog ${max} boot(s) in a row (a crash or a hang, perhaps in the update itself); update checks pause for ${max} boot(s) so the app can run`,
  };
}
