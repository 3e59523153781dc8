/**
 * Byte-keyed power cuts (power-cut-at-bytes) on a rig: the LAN fake GitHub counts the body bytes it
 * wrote for the matching response and, at `afterBytes`, calls its `onPowerCut` hook; this hands
 * the cut to the run's power queue (run-drive.ts), which cycles the board's power with the power
 * held off `holdMs`. The LAN holds the socket until the cut is made, so the board never reads a
 * byte past the count while it still has power.
 */

/** A cut the LAN asks for: `afterBytes` body bytes of `url` (GitHub form) went out. */
export interface ByteCut {
  afterBytes: number;
  url: string;
}

/**
 * Power held off for a byte-keyed cut on a real rig: long enough for the board's supply to drain
 * and for the half-read socket it left to be gone for good before it boots again (the LAN then
 * destroys it). The virtual board loses power at once: a short hold does (rig-target.ts).
 */
export const POWER_CUT_HOLD_MS = 10_000;
export const VIRTUAL_POWER_CUT_HOLD_MS = 200;

export type ByteCutHandler = (cut: ByteCut) => Promise<void>;

/** Cuts asked for before the run's power queue attaches wait for it (a board held by the kit makes no request, so none should). */
export class ByteCuts {
  #handler: ByteCutHandler | null = null;
  #waiting: { cut: ByteCut; done: () => void; failed: (err: unknown) => void }[] = [];
  /** How many cuts the LAN asked for. */
  asked = 0;

  /** The LAN's `onPowerCut`: resolves once the power was cycled. */
  readonly request = (cut: ByteCut): Promise<void> => {
    this.asked++;
    if (this.#handler) return this.#handler(cut);
    return new Promise((done, failed) => this.#waiting.push({ cut, done, failed }));
  };

  /** The run's power queue takes the cuts from now on (and any that waited). */
  attach(handler: ByteCutHandler): void {
    this.#handler = handler;
    for (const w of this.#waiting.splice(0)) handler(w.cut).then(w.done, w.failed);
  }
}

/** `power via <driver> (bytes: N of <url>)`: how a byte-keyed cut is recorded in the timeline and the certification. */
export function byteCutMethod(driver: string, afterBytes: number, of: string): string {
  return `power via ${driver} (bytes: ${afterBytes} of ${of})`;
}
