/**
 * The scheduling clock in whole seconds (as epoch ms). device/ reads `time.time()`, which counts
 * seconds; core's clock has ms. Times the two write to ota_state.json (`last_check`,
 * `next_check_at`) and compare against are truncated alike, so both decide the same at a
 * boundary — a 10 ms difference once made core check where device/ deferred (sim diff).
 */
import type { Clock } from '../ports/index.ts';

export function nowWholeSecondsMs(clock: Pick<Clock, 'now'>): number {
  return Math.floor(clock.now() / 1000) * 1000;
}
