import { describe, expect, it } from 'vitest';
import { DEFAULT_START_EPOCH_MS, PICO_RTC_START_MS, SimClock } from './clock.ts';
import { Power, PowerLoss } from './power.ts';

const START = 1_700_000_000_000;

describe('SimClock', () => {
  it('starts at the given epoch with zero uptime', () => {
    const clock = new SimClock({ startEpochMs: START });
    expect(clock.now()).toBe(START);
    expect(clock.uptimeMs()).toBe(0);
    expect(new SimClock().now()).toBe(DEFAULT_START_EPOCH_MS);
  });

  it('advances wall time and uptime together', () => {
    const clock = new SimClock({ startEpochMs: START });
    clock.advance(1500);
    expect(clock.now()).toBe(START + 1500);
    expect(clock.uptimeMs()).toBe(1500);
  });

  it('adds fractional milliseconds exactly (five 0.4 ms steps are 2 ms)', () => {
    const clock = new SimClock({ startEpochMs: START });
    for (let i = 0; i < 5; i++) clock.advance(0.4);
    expect(clock.elapsedUs).toBe(2000);
    expect(clock.now()).toBe(START + 2);
  });

  it('fires timers when time reaches them, not before, and not once cleared', () => {
    const clock = new SimClock({ startEpochMs: START });
    const fired: number[] = [];
    clock.setTimer(100, () => fired.push(clock.epochMs));
    const cancelled = clock.setTimer(50, () => fired.push(-1));
    clock.clearTimer(cancelled);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([START + 100]);
  });

  it('sleeps by advancing virtual time', async () => {
    const clock = new SimClock({ startEpochMs: START });
    await clock.asClockPort().sleep(30_000);
    expect(clock.asClockPort().now()).toBe(START + 30_000);
    expect(clock.asClockPort().uptimeMs()).toBe(30_000);
  });

  it('restarts uptime at each power-on, keeping wall time', () => {
    const power = new Power();
    const clock = new SimClock({ startEpochMs: START, power });
    clock.advance(5000);
    power.powerOn();
    clock.advance(200);
    expect(clock.uptimeMs()).toBe(200);
    expect(clock.now()).toBe(START + 5200);
  });

  it('stops the caller when a timer halts the device during an advance', () => {
    const clock = new SimClock({ startEpochMs: START });
    clock.setTimer(10, () => clock.power.halt('brownout'));
    expect(() => clock.advance(20)).toThrow(PowerLoss);
    // The wall clock ran on to the end of the advance.
    expect(clock.epochMs).toBe(START + 20);
  });

  it('refuses every device-facing call once halted', async () => {
    const clock = new SimClock({ startEpochMs: START });
    clock.power.halt('power-cut');
    expect(() => clock.now()).toThrow(PowerLoss);
    expect(() => clock.uptimeMs()).toThrow(PowerLoss);
    await expect(clock.sleep(1)).rejects.toBeInstanceOf(PowerLoss);
    expect(clock.epochMs).toBe(START);
  });

  it('with rtc unset, reads 2021-01-01 after every RTC restart while the server keeps true time', () => {
    const clock = new SimClock({ startEpochMs: START, rtc: 'unset' });
    expect(clock.now()).toBe(PICO_RTC_START_MS);
    clock.advance(90_000);
    expect(clock.now()).toBe(PICO_RTC_START_MS + 90_000);
    expect(clock.serverNow()).toBe(START + 90_000);
    clock.restartRtc();
    clock.advance(5);
    expect(clock.now()).toBe(PICO_RTC_START_MS + 5);
    expect(clock.serverNow()).toBe(START + 90_005);
  });

  it('rejects a negative or infinite advance as a programmer error', () => {
    const clock = new SimClock();
    expect(() => clock.advance(-1)).toThrow('Failed to advance clock');
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow('Failed to advance clock');
  });
});
