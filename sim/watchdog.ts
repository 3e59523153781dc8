/**
 * SimWatchdog: the RP2040 watchdog as `machine.WDT` exposes it.
 *
 * Fault model: once started it cannot be stopped by device code; if `timeoutMs` of virtual time
 * pass without a `feed()`, it bites: the device halts with reason `watchdog` (the next boot's reset
 * cause). A bite is checked on the virtual clock's timers, so it happens during whatever advanced
 * time (a sleep, a slow flash close) and that call throws PowerLoss. The period is capped at the
 * RP2040 maximum, 8388 ms, like MicroPython's ValueError. A chip reset (power-on, its own bite,
 * rp2's `machine.reset()`) stops it; a soft reset does not: the countdown goes on from the last
 * feed, so the next boot must feed it in time (docs/hil-notes: it cannot be stopped, not even by
 * a soft reset).
 *
 * Feeding only moves a deadline; the one timer re-arms itself when it fires early, so a feed in a
 * tight loop costs no timer churn.
 */
import type { Watchdog } from '../core/ports/watchdog.ts';
import type { SimClock, SimTimer } from './clock.ts';
import type { Power } from './power.ts';

export const RP2040_WATCHDOG_MAX_MS = 8388;

export class SimWatchdog {
  /** How many times the watchdog has reset the device. */
  bites = 0;
  #timeoutMs: number | null = null;
  #deadlineMs = 0;
  #timer: SimTimer | null = null;
  /** Virtual time (ms since the run began) of the last start or feed; null while not running. */
  #fedAtMs: number | null = null;
  #maxGapMs = 0;
  /** Whether this boot's program holds a WDT object (constructed `machine.WDT` since the last reset). */
  #startedThisBoot = false;

  constructor(
    private readonly clock: SimClock,
    private readonly power: Power,
  ) {
    power.onPowerOn((kind) => {
      this.#startedThisBoot = false;
      if (kind === 'chip') this.stop();
    });
  }

  /**
   * The longest virtual time the watchdog went unfed while running: between a start and a feed,
   * two feeds, or the last feed and a bite, a reset or now. What a real board's margin is judged by.
   */
  get maxFeedGapMs(): number {
    return Math.max(this.#maxGapMs, this.#openGapMs());
  }

  #openGapMs(): number {
    return this.#fedAtMs === null ? 0 : this.clock.elapsedUs / 1000 - this.#fedAtMs;
  }

  /** Closes the gap running since the last feed (at a feed, a bite or a reset); `gapMs` overrides the measured one. */
  #closeGap(stillRunning: boolean, gapMs = this.#openGapMs()): void {
    this.#maxGapMs = Math.max(this.#maxGapMs, gapMs);
    this.#fedAtMs = stillRunning ? this.clock.elapsedUs / 1000 : null;
  }

  /** The running period, or null when stopped. */
  get timeoutMs(): number | null {
    return this.#timeoutMs;
  }

  /** Starts, or restarts with a new period (what constructing `machine.WDT` again does). */
  start(timeoutMs: number): void {
    this.power.check();
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      throw new Error(`Failed to start watchdog: timeout ${timeoutMs} ms is not a whole number of at least 1 ms`);
    }
    if (timeoutMs > RP2040_WATCHDOG_MAX_MS) {
      throw new Error(`Failed to start watchdog: timeout ${timeoutMs} ms exceeds the RP2040 maximum ${RP2040_WATCHDOG_MAX_MS} ms`);
    }
    this.#timeoutMs = timeoutMs;
    this.#closeGap(true);
    this.#startedThisBoot = true;
    this.#deadlineMs = this.clock.epochMs + timeoutMs;
    this.#arm(timeoutMs);
  }

  /** Restarts the countdown. Feeding a watchdog that was never started does nothing. */
  feed(): void {
    this.power.check();
    if (this.#timeoutMs === null) return;
    this.#closeGap(true);
    this.#deadlineMs = this.clock.epochMs + this.#timeoutMs;
  }

  /**
   * `ms` of virtual time pass while a healthy app feeds it every `feedEveryMs` (a fleet's idle
   * hours between checks): the end state of feeding all along — no bite, fed just now, a feed gap
   * no longer than the app's — in one step, not a timer per feed. Stopped: time just passes.
   */
  passFed(ms: number, feedEveryMs = 1000): void {
    this.power.check();
    if (this.#timeoutMs === null) return this.clock.advance(ms);
    this.#closeGap(true);
    if (this.#timer !== null) this.clock.clearTimer(this.#timer);
    this.#timer = null;
    this.clock.advance(ms);
    this.#closeGap(true, Math.min(ms, feedEveryMs));
    this.#deadlineMs = this.clock.epochMs + this.#timeoutMs;
    this.#arm(this.#timeoutMs);
  }

  /** Only for a chip reset (a real WDT cannot be stopped; resetting the chip clears it). */
  stop(): void {
    if (this.#timer !== null) this.clock.clearTimer(this.#timer);
    this.#timer = null;
    this.#timeoutMs = null;
    this.#closeGap(false);
  }

  /**
   * The port a program gets. After a soft reset the hardware keeps counting, but the program's WDT
   * object is gone: feeding needs `machine.WDT(...)` constructed again (as the device updater
   * does), so the port's feed does nothing until this boot's `start`.
   */
  asWatchdogPort(): Watchdog {
    return {
      start: (timeoutMs) => this.start(timeoutMs),
      feed: () => {
        this.power.check();
        if (this.#startedThisBoot) this.feed();
      },
    };
  }

  #arm(ms: number): void {
    if (this.#timer !== null) this.clock.clearTimer(this.#timer);
    this.#timer = this.clock.setTimer(ms, this.#fire);
  }

  readonly #fire = (): void => {
    this.#timer = null;
    // A board without power has no running watchdog.
    if (this.#timeoutMs === null || this.power.halted !== null) return;
    const now = this.clock.epochMs;
    if (now < this.#deadlineMs) {
      this.#arm(this.#deadlineMs - now);
      return;
    }
    this.bites += 1;
    // Timers fire inside an advance that may reach past the deadline: the gap ended at the bite.
    this.#closeGap(false, this.#timeoutMs + now - this.#deadlineMs);
    this.power.halt('watchdog');
  };
}
