/** Battery: charge in percent, null when the device cannot measure it. */
export interface Battery {
  percent(): number | null;
}
