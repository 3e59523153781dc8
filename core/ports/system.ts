/** System: resets and facts about the device. */
export type ResetCause = 'power-on' | 'watchdog' | 'soft' | 'hard';

/**
 * The device stopped in the middle of a port call: power lost, the watchdog bit, or `reset()`
 * ran. A port that can stop mid-call (the simulator's) throws a subclass; core never handles it
 * as a failure (no retry, no error record) but lets it travel up to whatever restarts the device.
 */
export class DeviceStopped extends Error {}

export interface System {
  /** Never returns normally: on a board the CPU resets, in the simulator a DeviceStopped is thrown. */
  reset(mode: 'hard' | 'soft'): Promise<never>;
  resetCause(): ResetCause;
  /** Lower-case hex of machine.unique_id(). */
  uniqueId(): string;
  /** Free heap bytes, when known. */
  freeMemory(): number | null;
}
