/**
 * The update window (docs/SPEC.md §9.1): hours of the board clock, UTC, start inclusive, end
 * exclusive; start > end crosses midnight; start == end is any hour. A board without network
 * time reads 2021 after every power-on, so a clock before 2024 is "unknown" and the configured
 * policy decides: a window is a promise to the user (no restart at 14:00), so the default defers.
 */
import type { Config } from '../config/types.ts';
import type { ErrorCode } from '../outcome.ts';

/** 2024-01-01T00:00:00Z: a board clock before this was never set (a Pico W restarts at 2021-01-01). */
export const CLOCK_SET_AFTER_MS = 1_704_067_200_000;

export interface ScheduleDeferral {
  code: ErrorCode;
  /** Stable for the same cause (no current time in it), so a repeated deferral is recorded once. */
  reason: string;
}

type WindowConfig = Pick<Config, 'update_window_start_hour' | 'update_window_end_hour' | 'update_window_unknown_clock'>;

export function hourOf(nowMs: number): number {
  return Math.floor(nowMs / 3_600_000) % 24;
}

export function inWindow(hour: number, start: number, end: number): boolean {
  if (start === end) return true;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

export function windowDeferral(nowMs: number, config: WindowConfig): ScheduleDeferral | null {
  const start = config.update_window_start_hour;
  const end = config.update_window_end_hour;
  if (start === null || end === null || start === end) return null;
  const window = `${pad(start)}:00-${pad(end)}:00 UTC`;
  if (nowMs < CLOCK_SET_AFTER_MS) {
    if (config.update_window_unknown_clock === 'allow') return null;
    return {
      code: 'CLOCK_UNKNOWN',
      reason: `the board clock is not set (it reads before 2024), so the update window ${window} cannot be checked; set the clock (NTP), or set "update_window_unknown_clock" to "allow"`,
    };
  }
  if (inWindow(hourOf(nowMs), start, end)) return null;
  return { code: 'OUTSIDE_WINDOW', reason: `outside the update window ${window}; the first check inside it updates` };
}

function pad(h: number): string {
  return h < 10 ? `0${h}` : String(h);
}
