/**
 * Battery: charge in percent, null when the device cannot measure it. A board that measures VSYS
 * (a Pico W: VSYS/3 on ADC(29)) also gives the raw reading, which core converts as the device does
 * (core/battery/level.ts, docs/SPEC.md §11).
 */
export interface Battery {
  percent(): number | null;
  /** ADC(29)'s 16-bit reading of VSYS/3 (3.3 V reference), when the board has one. */
  vsysU16?(): number;
}
