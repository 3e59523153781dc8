/**
 * A virtual Pico W: one Power, one clock, one flash, one watchdog, and a Wi-Fi link to the fake
 * GitHub, wired together so that a power cut or a watchdog bite freezes every part at once.
 * `ports()` hands core the same hardware through its ports; the MicroPython target wraps the same
 * objects as Python modules (micropython/bridge-*.ts).
 *
 * Fault model: whatever the parts model (see flash/, link/, watchdog.ts); the board adds the
 * reset cause a boot sees (power-on after a cut, watchdog after a bite or rp2's `machine.reset()`,
 * soft after a soft reset), and an app crash counted as a watchdog reset (a crashed app stops feeding).
 */
import type { Ports, LogLevel } from '../core/ports/index.ts';
import type { ResetCause } from '../core/ports/system.ts';
import { SimClock, type RtcMode } from './clock.ts';
import { VirtualFlash, asFlashPort as asyncFlash, type FlashProfileName, type FlashTiming } from './flash/index.ts';
import { GitHubModel } from './github/model.ts';
import type { ServerSpec } from './github/spec.ts';
import { Link } from './link/link.ts';
import type { LinkFault, LinkSpec } from './link/spec.ts';
import { DeviceReset, Power } from './power.ts';
import { SimWatchdog } from './watchdog.ts';
import { LedRecorder } from './led/recorder.ts';
import { BatteryModel } from './battery/model.ts';
import type { BatterySpec } from './battery/spec.ts';

export interface SimBoardOptions {
  server: ServerSpec;
  link?: LinkSpec;
  linkFaults?: LinkFault[];
  profile?: FlashProfileName;
  /** Flash erase/program times: datasheet typical (default) or maximum. */
  flashTiming?: FlashTiming;
  /** fat: `false` keeps a torn directory sector's neighbours (the lab's counterfactual run); default: the profile's. */
  sectorTears?: boolean;
  batteryPercent?: number;
  /** A battery model (sim/battery/); wins over `batteryPercent`, which is a cell at that charge. */
  battery?: BatterySpec;
  /** The device's wall clock: `ntp` (default, true time) or `unset` (restarts at 2021-01-01; sim/clock.ts). */
  rtc?: RtcMode;
  /** Keep every log line (slower); default keeps none. */
  keepLog?: boolean;
  uniqueId?: string;
  /** How core's fetch reaches the fake GitHub; default the direct adapter (sim/github/msw-transport.ts offers msw's). */
  http?: (link: Link) => Ports['http'];
  /** A fake GitHub shared with other boards (a fleet); default: the board's own, built from `server` on its clock. */
  github?: GitHubModel;
  /** The public address the board's requests come from (a fleet's NAT: GitHub's anonymous limit is per address). */
  publicAddress?: string;
  /** The flash's durable store and op log: default memfs with the log; a fleet of a thousand boards takes plain maps without it (same semantics, faster). */
  flashStore?: { backend: 'map' | 'memfs'; opLog: boolean };
}

export class SimBoard {
  readonly power = new Power();
  readonly clock: SimClock;
  readonly flash: VirtualFlash;
  readonly watchdog: SimWatchdog;
  readonly github: GitHubModel;
  readonly link: Link;
  readonly log: string[] = [];
  /** Pin("LED"): every write, with its virtual time (sim/led/). */
  readonly led: LedRecorder;
  #cause: ResetCause = 'power-on';
  #keepLog: boolean;
  /** The cell on VSYS, or null on USB power (sim/battery/model.ts). */
  readonly battery: BatteryModel | null;
  /** Load spikes armed by op (a `brownout` fault), and the ops where one browned the board out. */
  readonly #spikes = new Map<number, number>();
  readonly brownouts: number[] = [];
  #uniqueId: string;
  readonly #http: Ports['http'];

  constructor(options: SimBoardOptions) {
    this.clock = new SimClock({ power: this.power, rtc: options.rtc });
    this.flash = new VirtualFlash({ profile: options.profile ?? 'littlefs', timing: options.flashTiming, ...(options.sectorTears !== undefined ? { sectorTears: options.sectorTears } : {}), clock: this.clock, opLog: options.flashStore?.opLog ?? true, backend: options.flashStore?.backend ?? 'memfs' });
    this.watchdog = new SimWatchdog(this.clock, this.power);
    this.led = new LedRecorder(this.power, () => this.clock.elapsedUs);
    // GitHub keeps true time whatever the board's RTC says.
    this.github = options.github ?? new GitHubModel(options.server, { now: () => this.clock.serverNow() });
    const battery = options.battery ?? (options.batteryPercent !== undefined ? { percent: options.batteryPercent } : undefined);
    const from = options.publicAddress;
    const server = from === undefined ? this.github : { handle: (req: Parameters<GitHubModel['handle']>[0]) => this.github.handle({ ...req, from }) };
    this.link = new Link(server, { spec: options.link, faults: options.linkFaults, advance: (ms) => this.#wifi(ms), alive: () => this.power.check(), cutPower: () => this.power.halt('power-cut') });
    this.battery = battery === undefined ? null : new BatteryModel(battery, () => this.clock.elapsedUs / 1000, () => airtimeMs(this.link, options.link));
    this.flash.beforeOp = (index) => this.#flashLoad(index);
    this.#keepLog = options.keepLog ?? false;
    this.#uniqueId = options.uniqueId ?? 'e6614103e7452d2f';
    this.#http = options.http ? options.http(this.link) : { fetch: (url, init) => this.link.fetch(url, init) };
  }

  /**
   * Starts the next boot after a halt, a reset or an app crash. rp2's `machine.reset()` is a
   * watchdog reboot, so after a hard reset the board reads WDT_RESET (`resetCause` 'watchdog');
   * a soft reset keeps the chip, and its watchdog, running.
   */
  powerOn(cause: ResetCause): void {
    this.#cause = cause === 'hard' ? 'watchdog' : cause;
    // The rp2 port sets the RTC in main(), which a soft reset (Ctrl-D) does not re-run.
    if (cause !== 'soft') this.clock.restartRtc();
    this.power.powerOn(cause === 'soft' ? 'soft' : 'chip');
  }

  /** A load spike of `amps` at flash op `op` (a `brownout` fault): it resets the board if the cell sags below its threshold. */
  armBrownout(op: number, amps: number): void {
    this.#spikes.set(op, amps);
  }

  /** Wi-Fi traffic: time passes, and a sag below the threshold under the radio's load resets the board. */
  #wifi(ms: number): void {
    this.clock.advance(ms);
    if (this.battery?.brownsOut('wifi')) this.power.halt('brownout');
  }

  /** A flash program/erase: the board browns out here if the cell (plus any armed spike) cannot carry it. */
  #flashLoad(index: number): void {
    if (this.battery === null) return;
    if (this.battery.brownsOut('flash', this.#spikes.get(index) ?? 0)) {
      this.brownouts.push(index);
      this.power.halt('brownout');
    }
  }

  get resetCause(): ResetCause {
    return this.#cause;
  }

  ports(): Ports {
    const flash = this.flash;
    return {
      flash: asyncFlash(flash),
      http: this.#http,
      clock: this.clock.asClockPort(),
      watchdog: this.watchdog.asWatchdogPort(),
      system: {
        reset: async (mode) => {
          this.power.check();
          throw new DeviceReset(mode);
        },
        resetCause: () => this.#cause,
        uniqueId: () => this.#uniqueId,
        freeMemory: () => null,
      },
      log: {
        log: (level: LogLevel, event: string, fields?: Record<string, unknown>) => {
          if (this.#keepLog) this.log.push(`${(this.clock.elapsedUs / 1000).toFixed(1)}ms ${level} ${event}${fields ? ' ' + JSON.stringify(fields) : ''}`);
        },
      },
      led: { set: (on) => this.led.set(on) },
      battery: this.battery === null ? undefined : batteryPort(this.battery, this.power),
    };
  }
}


/** Core's battery port: the same ADC(29) reading the device takes, and the percent it gives. */
function batteryPort(battery: BatteryModel, power: Power): NonNullable<Ports['battery']> {
  return {
    vsysU16: () => (power.check(), battery.adcU16()),
    percent: () => (power.check(), battery.percent),
  };
}

/** Wi-Fi airtime so far, ms: per request made, the link's latency plus its whole body at the link's bandwidth. */
function airtimeMs(link: Link, spec: LinkSpec | undefined): number {
  const latency = spec?.latencyMs ?? 0;
  const rate = spec?.bandwidthBytesPerS;
  let ms = 0;
  for (const r of link.log) ms += latency + (rate === undefined ? 0 : (r.bodyBytes * 1000) / rate);
  return ms;
}
