/**
 * The simulated application: what runs after the updater on every boot. A `main.py` carrying the
 * marker `otalab:app=crash` crashes at start (a bad release); one carrying `otalab:app=hang` hangs
 * without feeding the watchdog (a deadlock: only a running watchdog gets the board out of it); any
 * other app is healthy, feeds the watchdog, and lets the updater confirm a version on trial.
 * Scenarios use the markers to prove trial rollback.
 */
import type { SimClock } from './clock.ts';
import type { VirtualFlash } from './flash/index.ts';
import { PowerLoss } from './power.ts';
import type { SimWatchdog } from './watchdog.ts';

export const CRASH_MARKER = 'otalab:app=crash';
export const HANG_MARKER = 'otalab:app=hang';

export type AppModel = 'healthy' | 'crash' | 'hang';

export function simApp(flash: VirtualFlash): AppModel {
  const main = flash.stat('main.py');
  if (main?.kind !== 'file') return 'healthy';
  const text = new TextDecoder().decode(flash.readFile('main.py'));
  if (text.includes(CRASH_MARKER)) return 'crash';
  return text.includes(HANG_MARKER) ? 'hang' : 'healthy';
}

/** The app hung: `bitten` when the watchdog reset the board, false when none ran (stuck for good). */
export class AppHung extends Error {
  constructor(readonly bitten: boolean) {
    super(bitten ? 'App hung; the watchdog reset the board' : 'App hung and no watchdog runs: the board is stuck for good');
    this.name = 'AppHung';
  }
}

/** The parts of a board an app touches. */
export interface AppBoard {
  clock: SimClock;
  watchdog: SimWatchdog;
}

/**
 * A hung app: virtual time passes without a feed until the watchdog bites (then AppHung(true)),
 * or, with no watchdog running, AppHung(false) at once. Any other halt meanwhile (a timed power
 * cut) propagates as the PowerLoss it is.
 */
export function hang(board: AppBoard): never {
  const period = board.watchdog.timeoutMs;
  if (period === null) throw new AppHung(false);
  try {
    board.clock.advance(period);
  } catch (err) {
    if (err instanceof PowerLoss && err.reason === 'watchdog') throw new AppHung(true);
    throw err;
  }
  throw new Error(`Failed to model a hung app: the watchdog (${period} ms) did not bite within its period`);
}

/** A healthy app runs for `ms` of virtual time, feeding a running watchdog well within its period. */
export function runHealthy(board: AppBoard, ms: number): void {
  let left = ms;
  while (left > 0) {
    const period = board.watchdog.timeoutMs;
    const step = Math.min(left, period === null ? left : Math.max(1, Math.min(HEALTHY_FEED_MS, Math.floor(period / 2))));
    board.clock.advance(step);
    left -= step;
    if (board.watchdog.timeoutMs !== null) board.watchdog.feed();
  }
}

const HEALTHY_FEED_MS = 1000;
