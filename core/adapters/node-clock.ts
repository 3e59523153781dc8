/**
 * Real time for core on a Linux device. `now` is the wall clock, `uptimeMs` the monotonic clock,
 * and `sleep` a plain timer. A Linux host has no hardware watchdog for the updater to feed, so
 * `nodeWatchdog` only remembers what it was asked (a systemd WatchdogSec= integration would live
 * here if ever needed).
 */
import type { Clock } from '../ports/clock.ts';
import type { Watchdog } from '../ports/watchdog.ts';

export function nodeClock(): Clock {
  const start = performance.now();
  return {
    now: () => Date.now(),
    uptimeMs: () => performance.now() - start,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  };
}

export interface NodeWatchdog extends Watchdog {
  readonly timeoutMs: number | null;
  readonly feeds: number;
}

export function nodeWatchdog(): NodeWatchdog {
  let timeoutMs: number | null = null;
  let feeds = 0;
  return {
    start(ms) {
      timeoutMs = ms;
    },
    feed() {
      feeds += 1;
    },
    get timeoutMs() {
      return timeoutMs;
    },
    get feeds() {
      return feeds;
    },
  };
}
