/**
 * OpGate: numbers the flash's operations and fires the armed faults at them.
 *
 * Fault model: a planned power cut at op k lands `before` it (checked here, before the op looks at
 * anything), `after` it or `torn` (the op applies its effect, or part of it, then calls `finish`,
 * which cuts). An op that fails (ENOENT, ENOSPC…) is still an op — the device issued it — so a cut
 * armed at it still fires. `armFull(k)`: from op k on, the ops that allocate (open-write, write,
 * mkdir) fail with ENOSPC; that is a full filesystem, not a power cut.
 *
 * The counter lives as long as the flash, across power cycles. Indices are 0-based: after a clean
 * run, `opCount` ops ran, numbered 0 … opCount − 1.
 */
import { FlashError, type FlashErrorCode } from '../../core/ports/flash.ts';
import { PowerLoss, type Power } from '../power.ts';
import type { CutMode, CutPoint, FlashOp, OpKind } from './ops.ts';

export class OpGate {
  /** Index of the next op; equals the number of ops so far. */
  opCount = 0;
  /** Index of the op in progress (valid between `begin` and its end). */
  current = -1;
  log: FlashOp[] | null;
  onOp: ((op: FlashOp) => void) | null = null;
  /** Called as op `index` starts, before its cuts: the board's battery may brown out under the program/erase load. */
  beforeOp: ((index: number) => void) | null = null;
  readonly #cuts = new Map<number, CutMode>();
  #fullFrom = Number.POSITIVE_INFINITY;
  /** True once an op failed with ENOSPC because of `armFull` (the fault fired). */
  fullFired = false;
  #record: FlashOp | null = null;

  constructor(
    private readonly power: Power,
    logOps: boolean,
  ) {
    this.log = logOps ? [] : null;
  }

  armCuts(cuts: readonly CutPoint[]): void {
    for (const { op, mode } of cuts) {
      if (!Number.isInteger(op) || op < this.opCount) throw new Error(`Failed to arm a cut at op ${op}: ops 0…${this.opCount - 1} already ran`);
      if (this.#cuts.has(op)) throw new Error(`Failed to arm a cut at op ${op}: one is already armed there`);
    }
    for (const { op, mode } of cuts) this.#cuts.set(op, mode);
  }

  armFull(op: number): void {
    this.#fullFrom = op;
  }

  /** Removes every armed cut and the full-filesystem fault. */
  disarm(): void {
    this.#cuts.clear();
    this.#fullFrom = Number.POSITIVE_INFINITY;
  }

  get armedCuts(): CutPoint[] {
    return [...this.#cuts].map(([op, mode]) => ({ op, mode }));
  }

  /** Starts op `kind`. Returns the cut to fire once it has (partly) applied, or throws for `before`. */
  begin(kind: OpKind, path: string, to?: string, bytes?: number): CutMode | null {
    this.power.check();
    const index = this.opCount++;
    this.current = index;
    if (this.log !== null || this.onOp !== null) {
      const record: FlashOp = { index, kind, path };
      if (to !== undefined) record.to = to;
      if (bytes !== undefined) record.bytes = bytes;
      this.log?.push(record);
      this.#record = record;
    }
    // Logged first, as a cut before the op is: the op was issued.
    if (this.beforeOp !== null) {
      this.beforeOp(index);
      this.power.check();
    }
    if (this.#cuts.size === 0) return null;
    const mode = this.#cuts.get(index);
    if (mode === undefined) return null;
    this.#cuts.delete(index);
    if (mode === 'before') this.cut();
    return mode;
  }

  /** True when the op in progress must fail with ENOSPC (armFull). */
  get full(): boolean {
    return this.current >= this.#fullFrom;
  }

  /** Ends the op in progress: fires its cut, or reports it to `onOp`. */
  finish(mode: CutMode | null): void {
    if (mode !== null) this.cut();
    const record = this.#record;
    this.#record = null;
    if (record !== null && this.onOp !== null) this.onOp(record);
  }

  /** Fails the op in progress: a pending cut wins over the filesystem error (the power went anyway). */
  fail(mode: CutMode | null, code: FlashErrorCode, op: string, path: string): never {
    this.#record = null;
    if (code === 'ENOSPC' && this.full) this.fullFired = true;
    if (mode !== null) this.cut();
    throw new FlashError(code, op, path);
  }

  cut(): never {
    this.#record = null;
    this.power.halt('power-cut');
    throw new PowerLoss(this.power.halted ?? 'power-cut');
  }
}
