import { describe, expect, it } from 'vitest';
import { nodeClock, nodeWatchdog } from './node-clock.ts';

describe('nodeClock', () => {
  it('sleeps for real and uptime follows', async () => {
    const clock = nodeClock();
    const before = clock.uptimeMs();
    await clock.sleep(30);
    expect(clock.uptimeMs() - before).toBeGreaterThanOrEqual(29);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);
  });
});

describe('nodeWatchdog', () => {
  it('remembers its period and counts feeds', () => {
    const wd = nodeWatchdog();
    expect(wd.timeoutMs).toBeNull();
    wd.start(8000);
    wd.feed();
    wd.feed();
    expect([wd.timeoutMs, wd.feeds]).toEqual([8000, 2]);
  });
});
