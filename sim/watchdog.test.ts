import { describe, expect, it } from 'vitest';
import { SimClock } from './clock.ts';
import { PowerLoss } from './power.ts';
import { SimWatchdog } from './watchdog.ts';

function device() {
  const clock = new SimClock();
  const wdt = new SimWatchdog(clock, clock.power);
  return { clock, power: clock.power, wdt };
}

describe('SimWatchdog', () => {
  it('refuses a period above the RP2040 maximum, like machine.WDT', () => {
    const { wdt } = device();
    expect(() => wdt.start(9000)).toThrow('Failed to start watchdog: timeout 9000 ms exceeds the RP2040 maximum 8388 ms');
    expect(() => wdt.start(0)).toThrow('Failed to start watchdog');
    wdt.start(8388);
    expect(wdt.timeoutMs).toBe(8388);
  });

  it('bites exactly when the period passes without a feed', () => {
    const { clock, power, wdt } = device();
    wdt.start(5000);
    clock.advance(4999);
    expect(power.halted).toBeNull();
    expect(() => clock.advance(1)).toThrow(PowerLoss);
    expect(power.halted).toBe('watchdog');
    expect(wdt.bites).toBe(1);
  });

  it('never bites while fed within the period', () => {
    const { clock, power, wdt } = device();
    wdt.start(1000);
    for (let i = 0; i < 600; i++) {
      clock.advance(999);
      wdt.feed();
    }
    expect(power.halted).toBeNull();
    expect(wdt.bites).toBe(0);
  });

  it('counts the period from the last feed', () => {
    const { clock, power, wdt } = device();
    wdt.start(1000);
    clock.advance(900);
    wdt.feed();
    clock.advance(900); // 1800 ms since start, 900 since the feed
    expect(power.halted).toBeNull();
    expect(() => clock.advance(100)).toThrow(PowerLoss);
  });

  it('restarting with a shorter period takes effect at once', () => {
    const { clock, power, wdt } = device();
    wdt.start(5000);
    clock.advance(100);
    wdt.start(1000);
    expect(() => clock.advance(1000)).toThrow(PowerLoss);
    expect(power.halted).toBe('watchdog');
  });

  it('bites during a sleep, which then rejects', async () => {
    const { clock, wdt } = device();
    wdt.asWatchdogPort().start(2000);
    await expect(clock.asClockPort().sleep(3000)).rejects.toMatchObject({ reason: 'watchdog' });
  });

  it('is cleared by the reboot it caused; the reset cause is kept', () => {
    const { clock, power, wdt } = device();
    wdt.start(1000);
    expect(() => clock.advance(1000)).toThrow(PowerLoss);
    expect(power.powerOn()).toBe('watchdog');
    expect(wdt.timeoutMs).toBeNull();
    clock.advance(60_000);
    expect(power.halted).toBeNull();
    expect(wdt.bites).toBe(1);
  });

  it('does not bite a board whose power was cut, and refuses feeds then', () => {
    const { clock, power, wdt } = device();
    wdt.start(1000);
    power.halt('power-cut');
    expect(() => wdt.feed()).toThrow(PowerLoss);
    expect(() => clock.advance(5000)).toThrow(PowerLoss);
    expect(power.halted).toBe('power-cut');
    expect(wdt.bites).toBe(0);
  });

  it('keeps running across a soft reset: the countdown goes on from the last feed', () => {
    const { clock, power, wdt } = device();
    wdt.start(1000);
    clock.advance(600);
    power.powerOn('soft');
    expect(wdt.timeoutMs).toBe(1000);
    expect(() => clock.advance(400)).toThrow(PowerLoss);
    expect(power.halted).toBe('watchdog');
  });

  it('is stopped by a chip reset (power-on, machine.reset()): the next boot starts without it', () => {
    const { clock, power, wdt } = device();
    wdt.start(1000);
    power.powerOn('chip');
    expect(wdt.timeoutMs).toBeNull();
    clock.advance(5000);
    expect(power.halted).toBeNull();
  });

  it('reports the longest unfed gap in virtual time: between feeds, and up to a bite', () => {
    const { clock, wdt } = device();
    expect(wdt.maxFeedGapMs).toBe(0);
    clock.advance(5000); // not running yet: no gap
    wdt.start(2000);
    clock.advance(700);
    wdt.feed();
    clock.advance(1500);
    wdt.feed();
    clock.advance(300);
    expect(wdt.maxFeedGapMs).toBe(1500);
    expect(() => clock.advance(5000)).toThrow(PowerLoss);
    expect(wdt.maxFeedGapMs).toBe(2000); // the bite closes the gap at the period
  });

  it("after a soft reset the program's port cannot feed it until it starts it again (its WDT object is gone)", () => {
    const { clock, power, wdt } = device();
    wdt.start(1000);
    power.powerOn('soft');
    const port = wdt.asWatchdogPort();
    clock.advance(600);
    port.feed(); // no WDT object in this boot: nothing fed
    expect(() => clock.advance(400)).toThrow(PowerLoss);
    power.powerOn('chip');
    wdt.start(1000);
    power.powerOn('soft');
    port.start(1000);
    clock.advance(600);
    port.feed();
    clock.advance(600);
    expect(power.halted).toBeNull();
  });
});
