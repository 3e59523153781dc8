/** What the board target needs from the kit's report of a run (hil/kit folds its UART events into this). */
import type { BootRecord } from '../../scenarios/target.ts';
import type { OpPhase } from '../../scenarios/target.ts';

export interface KitPlan {
  /**
   * Cut at this op of the run (counted from 0 over every boot): before/after by the kit's
   * machine.reset(); power/power-after: the kit holds still before/after it and asks the host to
   * cut the power.
   */
  cutOp?: number;
  mode?: 'before' | 'after' | 'power' | 'power-after';
  maxBoots: number;
}

/** How far a run got in what the host must act on: the kit's power-cut requests and its asks after a power-on. */
export interface KitProgress {
  powerCuts: number;
  asks: number;
  /** Ops counted so far (the next op's index). */
  flashOps: number;
  /** The op of every cut the kit made or asked for. */
  cutOps: number[];
}

export interface FoldedKit {
  boots: (Omit<BootRecord, 'afterRecovery'> & { afterRecovery: Map<string, Uint8Array> | null; atMs?: number })[];
  ops: { kind: string; path: string; boot: number; phase: OpPhase }[];
  cutFired: boolean;
  watchdogResets: number;
  maxFeedGapMs: number;
  /** The kit's own lines for the run log. */
  log: string[];
}
