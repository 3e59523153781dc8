/**
 * A power cut "at the same step on every boot" (`{kind: power-cut, op: K, everyBoot: true}`):
 * the K-th flash operation (0-based) of each boot, counted from the boot's first operation. It is
 * armed afresh as each boot starts — except the last two boots of the run's budget: the lab stops
 * the fault there so the board can settle (install, reset, confirm), and `live` judges that, as
 * for any fault. A boot that ends before its K-th operation leaves the cut unfired; it is disarmed
 * when the next boot starts. The fault counts as unfired only if it fired on no boot at all.
 */
import type { SimBoard } from '../../sim/board.ts';
import type { CutPoint } from '../../sim/flash/index.ts';
import type { DeviceFault, Fault } from '../types.ts';

export type EveryBootCut = Extract<DeviceFault, { kind: 'power-cut' }> & { everyBoot: true };

export const isEveryBootCut = (f: Fault): f is EveryBootCut => f.kind === 'power-cut' && f.everyBoot === true;

/** Boots at the end of the budget that run without every-boot cuts. */
export const SETTLE_BOOTS = 2;

interface Armed {
  fault: EveryBootCut;
  at: CutPoint | null;
  fired: number;
}

export class EveryBootCuts {
  readonly #armed: Armed[];

  constructor(
    private readonly board: SimBoard,
    faults: readonly Fault[],
    /** Re-arms what `disarm` clears besides cuts (the flash-full fault), or nothing. */
    private readonly rearmFull: () => void,
  ) {
    this.#armed = faults.filter(isEveryBootCut).map((fault) => ({ fault, at: null, fired: 0 }));
  }

  get any(): boolean {
    return this.#armed.length > 0;
  }

  /** Called as boot `index` of at most `maxBoots` starts. */
  beginBoot(index: number, maxBoots: number): void {
    if (this.#armed.length === 0) return;
    this.#clearStale();
    if (index >= maxBoots - SETTLE_BOOTS) return;
    const flash = this.board.flash;
    const taken = new Set(flash.armedCuts.map((c) => c.op));
    for (const a of this.#armed) {
      const op = flash.opCount + a.fault.op;
      if (taken.has(op)) continue; // another fault cuts there already
      a.at = { op, mode: a.fault.mode ?? 'before' };
      taken.add(op);
      flash.armCuts([a.at]);
    }
  }

  /** Called once the run is over: a cut still armed did not fire on the last boot. */
  end(): void {
    this.#clearStale();
  }

  /** Every-boot cuts that fired on no boot. */
  unfired(): Fault[] {
    return this.#armed.filter((a) => a.fired === 0).map((a) => a.fault);
  }

  /** Counts the cuts of the boot that just ended and disarms the ones that did not fire. */
  #clearStale(): void {
    const flash = this.board.flash;
    const armed = flash.armedCuts;
    const stale = new Set<number>();
    for (const a of this.#armed) {
      if (a.at === null) continue;
      if (armed.some((c) => c.op === a.at!.op)) stale.add(a.at.op);
      else a.fired++;
      a.at = null;
    }
    if (stale.size === 0) return;
    flash.disarm();
    flash.armCuts(armed.filter((c) => !stale.has(c.op)));
    this.rearmFull();
  }
}
