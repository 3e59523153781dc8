import { describe, expect, it } from 'vitest';
import { testPorts, useTempRoots, writeTree } from '../commit/test-kit.ts';
import { testConfig } from '../github/test-kit.ts';
import type { Ports } from '../ports/index.ts';
import { afterFailure, backoffCapMs, backoffDeferral, jitterMs } from './check-backoff.ts';

const root = useTempRoots();
const BOARD = 'e6614103e7452d2f';
const now = 1_700_000_000_000;

describe('full jitter after failed checks', () => {
  it('draws the SPEC numbers for the lab board (docs/SPEC.md §3; check-backoff-full-jitter.yaml)', () => {
    expect([1, 2, 3].map((n) => jitterMs(BOARD, n, backoffCapMs({ min_update_interval_sec: 600, backoff_sec: 60 }, n)))).toEqual([13353, 77176, 68938]);
  });

  it('caps at min(interval, backoff_sec * 2^(n-1)) and spreads a fleet over the whole window', () => {
    const cfg = { min_update_interval_sec: 3600, backoff_sec: 60 };
    expect([1, 2, 3, 6, 7, 40].map((n) => backoffCapMs(cfg, n))).toEqual([60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);
    const draws = Array.from({ length: 2000 }, (_, i) => jitterMs(`board${i}`, 3, 240_000));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(240_000);
    // Full jitter: uniform over [0, cap], so the mean is near cap/2 and both quarters are used.
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - 120_000)).toBeLessThan(10_000);
    expect(draws.filter((d) => d < 60_000).length).toBeGreaterThan(350);
    expect(draws.filter((d) => d > 180_000).length).toBeGreaterThan(350);
  });

  it('counts failures, waits at least for a rate-limit reset, and only on a polling board', () => {
    const ports = { clock: { now: () => now }, system: { uniqueId: () => BOARD } } as unknown as Ports;
    const polling = testConfig({ min_update_interval_sec: 600, backoff_sec: 60, max_backoff_sec: 60 });
    const state = { rate_limited_until: null, last_check: null, failures: 1 };
    expect(afterFailure(ports, polling, state, null)).toEqual({ failures: 2, next_check_at: now + 77176 });
    expect(afterFailure(ports, polling, state, now + 3_000_000)).toEqual({ failures: 2, next_check_at: now + 3_000_000 });
    // A Retry-After the last attempt got is honoured too, at most an hour.
    expect(afterFailure(ports, polling, state, null, 300_000)).toEqual({ failures: 2, next_check_at: now + 300_000 });
    expect(afterFailure(ports, polling, state, null, 86_400_000)).toEqual({ failures: 2, next_check_at: now + 3_600_000 });
    expect(afterFailure(ports, testConfig(), state, null)).toBeNull();
  });

  it('defers until next_check_at, and ignores one further ahead than any draw (the clock went back)', async () => {
    const cfg = testConfig({ min_update_interval_sec: 600 });
    const at = (ms: number) => {
      const r = root();
      writeTree(r.dir, { 'ota_state.json': JSON.stringify({ format: 1, rate_limited_until: null, last_check: null, failures: 2, next_check_at: ms }) });
      return testPorts(r.flash, now) as unknown as Ports & ReturnType<typeof testPorts>;
    };
    expect(await backoffDeferral(at(now + 30_000), cfg)).toMatchObject({ kind: 'deferred', reason: 'backing off after 2 failed check(s): next check in 30 s', until: now + 30_000 });
    expect(await backoffDeferral(at(now - 1), cfg)).toBeNull();
    expect(await backoffDeferral(at(now + 30_000), testConfig())).toBeNull();
    const ahead = at(now + 86_400_000 * 365);
    expect(await backoffDeferral(ahead, cfg)).toBeNull();
    expect(ahead.events.map((e) => e.event)).toContain('state.backoff-ahead');
  });
});
