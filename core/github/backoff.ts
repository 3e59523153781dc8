/**
 * Waiting between attempts. The device's watchdog must not bite while the updater waits, so a
 * wait is slept in slices of at most one second with a feed before each and after the last.
 */
import type { Clock, Watchdog } from '../ports/index.ts';

export const SLICE_MS = 1000;

/** Seconds before retry number n+1 (n = 0 for the first retry): min(backoff · 2ⁿ, cap), in ms. */
export function backoffMs(n: number, backoffSec: number, maxBackoffSec: number): number {
  return Math.max(0, Math.min(backoffSec * 2 ** n, maxBackoffSec)) * 1000;
}

export async function sleepFed(ports: { clock: Clock; watchdog: Watchdog }, ms: number): Promise<void> {
  let left = Math.max(0, Math.ceil(ms));
  while (left > 0) {
    ports.watchdog.feed();
    const slice = Math.min(SLICE_MS, left);
    await ports.clock.sleep(slice);
    left -= slice;
  }
  ports.watchdog.feed();
}
