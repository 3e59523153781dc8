/** A hardware-in-the-loop rig: its boards, how each is powered, where the LAN fake GitHub listens. */

/** How a board's power is switched (rig file key `power`). */
export type PowerSpec =
  | { driver: 'uhubctl'; hub: string; port: number; group?: string; repeat?: number }
  | { driver: 'command'; on: string; off: string; timeoutMs?: number; group?: string }
  | { driver: 'manual'; group?: string }
  | { driver: 'virtual' };

export type PowerDriverName = PowerSpec['driver'];

export interface BoardSpec {
  id: string;
  /**
   * Exactly one of `serial` (USB serial number: boards re-enumerate, so this is the robust way)
   * and `port` (a local path, `rfc2217://host:port` or `tcp://host:port`). A `virtual` board may
   * have neither: its port is known only once the virtual board has started.
   */
  serial?: string;
  port?: string;
  /** UART side channel (sees boot.py output while USB is down); same URL forms as `port`. */
  uart?: string;
  power: PowerSpec;
}

export interface LanSpec {
  /** Address the fake GitHub listens on. */
  bind: string;
  /** Host the boards use to reach it. */
  advertise: string;
  /** 0 = any free port. */
  port: number;
}

/** Names of environment variables holding the Wi-Fi credentials; the values never live in the file. */
export interface WifiSpec {
  ssidEnv: string;
  passwordEnv: string;
}

export interface Rig {
  /** Where the rig came from (a path, or `virtual`), for messages and reports. */
  file: string;
  version: 1;
  lan: LanSpec;
  wifi?: WifiSpec;
  boards: BoardSpec[];
}

/** The rig file as written (YAML keys), before defaults and renaming. */
export interface RigFile {
  version: 1;
  lan?: Partial<LanSpec>;
  wifi?: { ssid_env: string; password_env: string };
  boards: BoardSpec[];
}
