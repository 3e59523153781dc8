/**
 * Power: whether the virtual Pico W is running.
 *
 * Fault model: power can vanish at any instant (a cut, a brownout, or the watchdog resetting the
 * chip). From that instant the world is frozen: every sim component calls `check()` first, so any
 * call into flash, clock or watchdog throws `PowerLoss` — code that catches the exception still
 * cannot write anything. `powerOn()` starts the next boot: it clears the halt and runs the boot
 * hooks that components registered (flash drops open handles, the watchdog stops, the clock
 * restarts uptime), so a runner calls that one method and nothing else.
 */
import { DeviceStopped } from '../core/ports/system.ts';

export type HaltReason = 'power-cut' | 'watchdog' | 'brownout';

/**
 * What a boot starts from: `chip` — a power-on or a reset of the whole RP2040 (a watchdog bite,
 * rp2's `machine.reset()`); `soft` — MicroPython's soft reset, which restarts the interpreter
 * but leaves the chip, and so a running watchdog, as it is.
 */
export type BootKind = 'chip' | 'soft';

/** Thrown by every sim call once the device has lost power. Not a FlashError: nothing can handle it. */
export class PowerLoss extends DeviceStopped {
  constructor(readonly reason: HaltReason) {
    super(`Power lost: ${reason}`);
    this.name = 'PowerLoss';
  }
}

/** Thrown by the simulated `System.reset()`; the boot loop catches it and boots again. */
export class DeviceReset extends DeviceStopped {
  constructor(readonly mode: 'hard' | 'soft') {
    super(`Device reset (${mode})`);
    this.name = 'DeviceReset';
  }
}

export class Power {
  #halted: HaltReason | null = null;
  #lastHalt: HaltReason | null = null;
  #cycles = 0;
  readonly #bootHooks: Array<(kind: BootKind) => void> = [];

  /** Why the device is down, or null while it runs. */
  get halted(): HaltReason | null {
    return this.#halted;
  }

  /** The halt that the latest `powerOn()` cleared (null after a reset without a halt). */
  get lastHalt(): HaltReason | null {
    return this.#lastHalt;
  }

  /** How many times `powerOn()` ran. */
  get cycles(): number {
    return this.#cycles;
  }

  /** Stops the device. The first reason wins: a watchdog cannot bite a board that has no power. */
  halt(reason: HaltReason): void {
    if (this.#halted === null) this.#halted = reason;
  }

  /** Throws PowerLoss when halted. Called first by every device-facing sim method. */
  check(): void {
    if (this.#halted !== null) throw new PowerLoss(this.#halted);
  }

  /**
   * Starts the next boot: clears the halt (if any; a reset without a halt is a boot too) and runs
   * the boot hooks in registration order. Returns the halt it cleared.
   */
  powerOn(kind: BootKind = 'chip'): HaltReason | null {
    const cleared = this.#halted;
    this.#lastHalt = cleared;
    this.#halted = null;
    this.#cycles += 1;
    for (const hook of this.#bootHooks) hook(kind);
    return cleared;
  }

  /** Registers a component's "RAM is lost" step, run by every `powerOn()`. */
  onPowerOn(hook: (kind: BootKind) => void): void {
    this.#bootHooks.push(hook);
  }
}
