/**
 * SimClock: virtual time for one virtual Pico W, on a standalone `@sinonjs/fake-timers` clock.
 *
 * Fault model: time passes only when something advances it — a sleep, or a flash operation's
 * cost. Timers (the watchdog, later the network) fire during that advance. If one of them halts
 * the device, the advance still runs to its end (the wall clock keeps going while the board is
 * dead) and then throws PowerLoss, so the caller stops there. Wall time (`now`) survives reboots
 * like the RTC of a board with NTP (option `rtc: 'ntp'`), or restarts at 2021-01-01 like a Pico W
 * without network time (`rtc: 'unset'`); uptime restarts at each boot. No jitter yet.
 *
 * Time is kept in whole microseconds on our side so fractional costs (0.4 ms page programs) add
 * up exactly; the fake-timers clock only ever sees whole milliseconds.
 */
import { createClock, type Clock as FakeClock, type TimerId } from '@sinonjs/fake-timers';
import type { Clock } from '../core/ports/clock.ts';
import { Power } from './power.ts';

export type SimTimer = TimerId;

export interface SimClockOptions {
  /** Wall-clock time at creation, epoch ms. Default 2025-01-01T00:00:00Z. */
  startEpochMs?: number;
  /** Shared with the other components of the same device. Default: a new Power. */
  power?: Power;
  /**
   * What the device's wall clock (`now`) reads. `ntp` (default): true time, surviving reboots, as
   * on a board that set its clock from the network. `unset`: a Pico W without network time — its
   * RTC restarts at 2021-01-01T00:00:00Z whenever `restartRtc()` runs (the board calls it at every
   * boot but a soft reset, as MicroPython's rp2 port sets the RTC at start-up).
   */
  rtc?: RtcMode;
}

export type RtcMode = 'ntp' | 'unset';

/** 2021-01-01T00:00:00Z: where MicroPython's rp2 port starts the RTC at every start-up. */
export const PICO_RTC_START_MS = 1_609_459_200_000;

/** 2025-01-01T00:00:00Z. */
export const DEFAULT_START_EPOCH_MS = 1_735_689_600_000;

export class SimClock {
  readonly power: Power;
  readonly #fake: FakeClock;
  readonly #startEpochMs: number;
  #elapsedUs = 0;
  #bootUs = 0;
  readonly #rtc: RtcMode;
  #rtcSetUs = 0;

  constructor(options: SimClockOptions = {}) {
    this.power = options.power ?? new Power();
    this.#startEpochMs = options.startEpochMs ?? DEFAULT_START_EPOCH_MS;
    this.#fake = createClock(this.#startEpochMs);
    this.#rtc = options.rtc ?? 'ntp';
    this.power.onPowerOn(() => this.boot());
  }

  /** The device's wall clock, epoch ms (see `rtc`). Device-facing: throws PowerLoss when halted. */
  now(): number {
    this.power.check();
    if (this.#rtc === 'unset') return PICO_RTC_START_MS + Math.floor((this.#elapsedUs - this.#rtcSetUs) / 1000);
    return this.#fake.now;
  }

  /** True time, epoch ms, whatever the device's RTC reads: the server's clock (Date headers, URL expiry). */
  serverNow(): number {
    this.power.check();
    return this.#fake.now;
  }

  /** The RTC starts again at 2021-01-01 (mode `unset`; a no-op with `ntp`). */
  restartRtc(): void {
    this.#rtcSetUs = this.#elapsedUs;
  }

  /** Whole ms since the last boot. Device-facing: throws PowerLoss when halted. */
  uptimeMs(): number {
    this.power.check();
    return Math.floor((this.#elapsedUs - this.#bootUs) / 1000);
  }

  /** Moves time forward (synchronously), firing due timers, then throws PowerLoss if one halted the device. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`Failed to advance clock: ${ms} ms is not a finite non-negative duration`);
    this.advanceUs(Math.round(ms * 1000));
  }

  /** `advance` in whole microseconds, without float rounding (flash costs use it). */
  advanceUs(us: number): void {
    this.#elapsedUs += us;
    const delta = this.#startEpochMs + Math.floor(this.#elapsedUs / 1000) - this.#fake.now;
    if (delta > 0) this.#fake.tick(delta);
    this.power.check();
  }

  /** Sleeping is advancing: virtual time passes instantly. Rejects with PowerLoss if the device halts meanwhile. */
  async sleep(ms: number): Promise<void> {
    this.power.check();
    this.advance(ms);
  }

  /** Restarts uptime. Run by `power.powerOn()`; call it directly only for a clock without a boot loop. */
  boot(): void {
    this.#bootUs = this.#elapsedUs;
  }

  /** Calls `fn` once `ms` of virtual time have passed (for sim components, not device code). */
  setTimer(ms: number, fn: () => void): SimTimer {
    // The fake clock's own timer (virtual time), not the global one sim/ must not use.
    const { setTimeout: schedule } = this.#fake;
    return schedule(fn, ms);
  }

  clearTimer(id: SimTimer): void {
    const { clearTimeout: unschedule } = this.#fake;
    unschedule(id);
  }

  /** Inspection for runners and tests (never throws): wall time, epoch ms. */
  get epochMs(): number {
    return this.#fake.now;
  }

  /** Inspection: exact virtual time since the clock was created, µs. */
  get elapsedUs(): number {
    return this.#elapsedUs;
  }

  /** Inspection: exact virtual time since the last boot, µs. */
  get uptimeUs(): number {
    return this.#elapsedUs - this.#bootUs;
  }

  asClockPort(): Clock {
    return {
      now: () => this.now(),
      uptimeMs: () => this.uptimeMs(),
      sleep: (ms) => this.sleep(ms),
    };
  }
}
