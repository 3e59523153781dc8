/**
 * The board's battery: a state of charge that drains with Wi-Fi airtime and gains with a charger
 * over virtual time, and a voltage that sags under the present load (V = OCV − I·R). The updater
 * measures it only as the board would: VSYS/3 on ADC(29), 16 bits of 3.3 V (`adcU16`). When the
 * sagged voltage drops below the brownout threshold the board resets there (`Power.halt('brownout')`):
 * during a flash program/erase (sim/flash's op gate asks `brownsOut('flash')`) or Wi-Fi traffic.
 *
 * Fault model: a `brownout` fault is a load spike at one flash op (a motor starting, a cold cell):
 * `spikeAmps` more on top of the flash load; it resets the board only if the cell is weak enough.
 */
import { BATTERY_DEFAULTS, LOAD_AMPS, openCircuitVolts, type BatterySpec, type Load } from './spec.ts';

export class BatteryModel {
  readonly #spec: Required<BatterySpec>;

  /**
   * `airtimeMs`: the Wi-Fi airtime so far — per request, the link's latency plus its whole response
   * body at the link's bandwidth, charged as the request is made (the access point sends it all),
   * so a power cut mid-body drains the same on both updaters whatever chunks they read in.
   */
  constructor(
    spec: BatterySpec,
    private readonly elapsedMs: () => number,
    private readonly airtimeMs: () => number = () => 0,
  ) {
    this.#spec = { ...BATTERY_DEFAULTS, ...spec };
  }

  /** State of charge now, percent (0…100). */
  get percent(): number {
    const s = this.#spec;
    const soc = s.percent - (s.wifiDrainPercentPerSec * this.airtimeMs()) / 1000 + (s.chargePercentPerMin * this.elapsedMs()) / 60_000;
    return Math.max(0, Math.min(100, soc));
  }

  /** VSYS under `load` plus `extraAmps`. */
  volts(load: Load, extraAmps = 0): number {
    return openCircuitVolts(this.percent) - (LOAD_AMPS[load] + extraAmps) * this.#spec.internalOhms;
  }

  /** What ADC(29) reads (VSYS/3, 3.3 V reference, 16 bits) with the board idle. */
  adcU16(): number {
    return Math.max(0, Math.min(65535, Math.round(((this.volts('idle') / 3) * 65535) / 3.3)));
  }

  /** Whether `load` (plus a spike) pulls VSYS below the brownout threshold now. */
  brownsOut(load: Load, extraAmps = 0): boolean {
    return this.volts(load, extraAmps) < this.#spec.brownoutVolts;
  }
}
