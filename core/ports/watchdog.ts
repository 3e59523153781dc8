/** Watchdog: once started it cannot be stopped; not fed within the period, the device resets. */
export interface Watchdog {
  /** RP2040 maximum is 8388 ms. Starting twice only changes nothing but the period. */
  start(timeoutMs: number): void;
  feed(): void;
}
