import { describe, expect, it } from 'vitest';
import { percentOfVsys } from '../../core/battery/level.ts';
import { BatteryModel } from './model.ts';

describe('battery model', () => {
  it('sags under load: Wi-Fi more than flash, flash more than idle', () => {
    const b = new BatteryModel({ percent: 50 }, () => 0);
    expect(b.volts('idle')).toBeCloseTo(3.6 - 0.03 * 0.25, 6);
    expect(b.volts('wifi')).toBeLessThan(b.volts('flash'));
    expect(b.volts('flash')).toBeLessThan(b.volts('idle'));
  });

  it('reads through ADC(29) as the updaters convert it: 15 % idles at 14 %, a full cell at 99 %', () => {
    expect(percentOfVsys(new BatteryModel({ percent: 15 }, () => 0).adcU16())).toBe(14);
    expect(percentOfVsys(new BatteryModel({ percent: 100 }, () => 0).adcU16())).toBe(99);
    expect(percentOfVsys(new BatteryModel({ percent: 0 }, () => 0).adcU16())).toBe(0);
  });

  it('drains with Wi-Fi airtime and gains with virtual time on a charger, clamped to 0…100', () => {
    let ms = 0;
    let air = 0;
    const b = new BatteryModel({ percent: 40, wifiDrainPercentPerSec: 2, chargePercentPerMin: 6 }, () => ms, () => air);
    air = 1500;
    expect(b.percent).toBeCloseTo(37, 6);
    ms = 60_000;
    expect(b.percent).toBeCloseTo(43, 6);
    ms = 60 * 60_000;
    expect(b.percent).toBe(100);
  });

  it('browns out only when the load (and a spike) sags VSYS below the threshold', () => {
    const weak = new BatteryModel({ percent: 15 }, () => 0);
    expect(weak.brownsOut('flash')).toBe(false);
    expect(weak.brownsOut('flash', 1)).toBe(true);
    expect(new BatteryModel({ percent: 30 }, () => 0).brownsOut('flash', 1)).toBe(false);
    expect(new BatteryModel({ percent: 5 }, () => 0).brownsOut('wifi')).toBe(true);
  });
});
