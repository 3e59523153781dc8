/** System: resets and facts about the device. */
export type ResetCause = 'power-on' | 'watchdog' | 'soft' | 'hard';

export interface System {
  /** Never returns normally: on a board the CPU resets, in the simulator a reset signal is thrown. */
  reset(mode: 'hard' | 'soft'): Promise<never>;
  resetCause(): ResetCause;
  /** Lower-case hex of machine.unique_id(). */
  uniqueId(): string;
  /** Free heap bytes, when known. */
  freeMemory(): number | null;
}
