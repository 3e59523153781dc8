/**
 * A scenario's battery (docs/SPEC.md §11, docs/scenario-format.md `device.battery`): a LiPo cell
 * on VSYS with an internal resistance, so its voltage sags under load.
 */
export interface BatterySpec {
  /** State of charge at the start, percent. */
  percent: number;
  /** Charge lost per second of Wi-Fi traffic, percent (a worn cell; default 0). */
  wifiDrainPercentPerSec?: number;
  /** Charge gained per virtual minute, percent (a charger or a panel; default 0). */
  chargePercentPerMin?: number;
  /** Internal resistance, ohms (default 0.25). */
  internalOhms?: number;
  /** Below this VSYS the board resets (default 3.0 V). */
  brownoutVolts?: number;
}

/** Currents the board draws, amps: awake and idle, Wi-Fi sending or receiving, a flash program/erase. */
export const LOAD_AMPS = { idle: 0.03, wifi: 0.3, flash: 0.12 } as const;
export type Load = keyof typeof LOAD_AMPS;

export const BATTERY_DEFAULTS = { wifiDrainPercentPerSec: 0, chargePercentPerMin: 0, internalOhms: 0.25, brownoutVolts: 3.0 } as const;

/** Open-circuit voltage of the cell: 3.0 V at 0 %, 4.2 V at 100 %, linear (the predecessor's scale). */
export function openCircuitVolts(percent: number): number {
  return 3.0 + (1.2 * percent) / 100;
}
