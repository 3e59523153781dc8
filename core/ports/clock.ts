/** Clock: wall time and waiting. In the simulator, sleeping advances virtual time instantly. */
export interface Clock {
  /** Wall-clock time, epoch milliseconds (may be wrong on a board without NTP). */
  now(): number;
  /** Monotonic milliseconds since boot. */
  uptimeMs(): number;
  sleep(ms: number): Promise<void>;
}
