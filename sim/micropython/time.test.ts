// `time` is shadowed by the virtual clock: sleeping advances virtual time instantly instead of
// spinning (the builtin busy-waits on Date.now), ticks wrap like the rp2 port's.
import { describe, expect, it } from 'vitest';
import { runBootPy } from './test-kit.ts';

describe('time shim', () => {
  it('sleep advances the virtual clock by exactly the slept time, without real waiting', async () => {
    const started = performance.now();
    const r = await runBootPy(`
import time
t0 = time.ticks_ms()
time.sleep_ms(60000)
time.sleep(30)
time.sleep_us(2500)
print(time.ticks_diff(time.ticks_ms(), t0))
`);
    expect(r.lines).toEqual(['90002']);
    expect(r.board.clock.elapsedUs).toBe(90_002_500);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('time() is the board RTC in epoch seconds and time_ns() keeps the full value', async () => {
    const r = await runBootPy(`
import time
time.sleep(2)
print(time.time(), time.time_ns(), time.gmtime()[0])
`);
    const epochMs = r.board.clock.epochMs;
    expect(r.lines).toEqual([`${Math.floor(epochMs / 1000)} ${epochMs}000000 2025`]);
  });

  it('ticks arithmetic wraps at 2**30', async () => {
    const r = await runBootPy(`
import time
a = time.ticks_add(2**30 - 5, 10)
print(a, time.ticks_diff(a, 2**30 - 5), time.ticks_diff(3, 2**30 - 2))
`);
    expect(r.lines).toEqual(['5 10 5']);
  });
});
