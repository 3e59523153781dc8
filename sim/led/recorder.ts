/**
 * The Pico W's status LED (Pin("LED") on the CYW43): every write with its virtual time. The LED
 * goes dark when the board stops (a power cut, a brownout, a reset): the pin is the wireless
 * chip's, and it restarts with the chip.
 */
import type { Power } from '../power.ts';

export interface LedWrite {
  /** Virtual time since the run began, µs. */
  atUs: number;
  on: boolean;
}

export class LedRecorder {
  readonly writes: LedWrite[] = [];
  #on = false;

  constructor(
    private readonly power: Power,
    private readonly nowUs: () => number,
  ) {
    power.onPowerOn(() => {
      if (this.#on) this.#write(false);
    });
  }

  /** A pin write by the running board (throws PowerLoss on a stopped one). */
  set(on: boolean): void {
    this.power.check();
    this.#write(on);
  }

  get on(): boolean {
    return this.#on;
  }

  #write(on: boolean): void {
    this.#on = on;
    this.writes.push({ atUs: this.nowUs(), on });
  }
}
