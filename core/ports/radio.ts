/** Radio: the network link (Wi-Fi on a Pico W). Core on Linux uses an always-up radio. */
export interface Radio {
  /** Associates within timeoutMs; feeds nothing itself, so callers keep timeouts below the watchdog. */
  connect(timeoutMs: number): Promise<{ ok: boolean; status: string }>;
  isConnected(): boolean;
  /** dBm once associated, else null. */
  rssi(): number | null;
}
