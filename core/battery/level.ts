/**
 * The battery level the gates use (docs/SPEC.md §11): from ADC(29)'s reading of VSYS/3 when the
 * board gives one, in integers so both updaters (and a single-float Pico W) get the same number:
 * mV = ⌊u16 · 9900 / 65535⌋ (VSYS/3 at a 3.3 V reference), percent = ⌊(mV − 3000) / 12⌋ clamped
 * to 0…100 (3.0 V = 0 %, 4.2 V = 100 %), as device/lib/otalab/update.py computes it; else the
 * port's own percent.
 */
import type { Ports } from '../ports/index.ts';

export function vsysMillivolts(u16: number): number {
  return Math.floor((u16 * 9900) / 65535);
}

export function percentOfVsys(u16: number): number {
  return Math.max(0, Math.min(100, Math.floor((vsysMillivolts(u16) - 3000) / 12)));
}

export function batteryPercent(ports: Pick<Ports, 'battery'>): number | null {
  const b = ports.battery;
  if (b === undefined) return null;
  return b.vsysU16 !== undefined ? percentOfVsys(b.vsysU16()) : b.percent();
}
