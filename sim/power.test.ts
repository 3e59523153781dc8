import { describe, expect, it } from 'vitest';
import { DeviceReset, Power, PowerLoss } from './power.ts';

describe('Power', () => {
  it('runs until halted, then every check throws PowerLoss with the reason', () => {
    const power = new Power();
    power.check();
    power.halt('brownout');
    expect(power.halted).toBe('brownout');
    let caught: unknown = null;
    try {
      power.check();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PowerLoss);
    expect((caught as PowerLoss).reason).toBe('brownout');
  });

  it('keeps the first reason: a dead board cannot be bitten by its watchdog', () => {
    const power = new Power();
    power.halt('power-cut');
    power.halt('watchdog');
    expect(power.halted).toBe('power-cut');
  });

  it('powers on: clears the halt, reports it, and runs boot hooks in order', () => {
    const power = new Power();
    const calls: string[] = [];
    power.onPowerOn(() => calls.push('flash'));
    power.onPowerOn(() => calls.push('watchdog'));
    power.halt('watchdog');
    expect(power.powerOn()).toBe('watchdog');
    expect(power.halted).toBeNull();
    expect(power.lastHalt).toBe('watchdog');
    expect(calls).toEqual(['flash', 'watchdog']);
    expect(power.cycles).toBe(1);
    // A reset without a halt is a boot too.
    expect(power.powerOn()).toBeNull();
    expect(power.lastHalt).toBeNull();
    expect(calls).toHaveLength(4);
  });

  it('names the reset mode in DeviceReset', () => {
    const reset = new DeviceReset('soft');
    expect(reset.mode).toBe('soft');
    expect(reset).toBeInstanceOf(Error);
  });
});
