import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOCK_SET_AFTER_MS, hourOf, inWindow, windowDeferral } from './window.ts';

const AT = (iso: string) => Date.parse(iso);
const cfg = (start: number | null, end: number | null, policy: 'defer' | 'allow' = 'defer') => ({ update_window_start_hour: start, update_window_end_hour: end, update_window_unknown_clock: policy });

describe('update window (docs/SPEC.md §9.1)', () => {
  it('start inclusive, end exclusive; a window may cross midnight; start == end is any hour', () => {
    expect([1, 2, 4, 5].map((h) => inWindow(h, 2, 5))).toEqual([false, true, true, false]);
    expect([21, 22, 23, 0, 2, 3].map((h) => inWindow(h, 22, 3))).toEqual([false, true, true, true, true, false]);
    expect([0, 12, 23].every((h) => inWindow(h, 7, 7))).toBe(true);
  });

  it('agree with walking the clock from start to end (property; fast-check prints its seed on failure)', () => {
    const seed = Date.now() % 1_000_000;
    console.log(`window property seed ${seed}`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 23 }), (h, s, e) => {
        const hours = new Set<number>();
        for (let x = s; s !== e && x !== e; x = (x + 1) % 24) hours.add(x);
        expect(inWindow(h, s, e)).toBe(s === e || hours.has(h));
      }),
      { seed },
    );
  });

  it('defer outside with a stable reason (no current time in it, so repeated deferrals record once)', () => {
    const a = windowDeferral(AT('2025-03-01T06:10:00Z'), cfg(9, 17));
    const b = windowDeferral(AT('2025-03-02T20:59:00Z'), cfg(9, 17));
    expect(a).toEqual({ code: 'OUTSIDE_WINDOW', reason: 'outside the update window 09:00-17:00 UTC; the first check inside it updates' });
    expect(b).toEqual(a);
    expect(windowDeferral(AT('2025-03-01T09:00:00Z'), cfg(9, 17))).toBeNull();
    expect(windowDeferral(AT('2025-03-01T06:00:00Z'), cfg(null, null))).toBeNull();
    expect(hourOf(AT('2025-03-01T23:59:59Z'))).toBe(23);
  });

  it('treat a clock before 2024 as unknown: "defer" records CLOCK_UNKNOWN with what to do, "allow" lets the check run', () => {
    const picoStart = AT('2021-01-01T00:00:00Z'); // inside 00-02, but the clock was never set
    expect(windowDeferral(picoStart, cfg(0, 2))?.code).toBe('CLOCK_UNKNOWN');
    expect(windowDeferral(picoStart, cfg(0, 2))?.reason).toContain('set "update_window_unknown_clock" to "allow"');
    expect(windowDeferral(picoStart, cfg(9, 17, 'allow'))).toBeNull();
    expect(windowDeferral(CLOCK_SET_AFTER_MS, cfg(0, 2))).toBeNull();
    expect(windowDeferral(picoStart, cfg(4, 4))).toBeNull(); // any hour needs no clock
  });
});
