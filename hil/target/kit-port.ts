/** What the board target needs from the kit's report of a run (hil/kit folds its UART events into this). */
import type { BootRecord } from '../../scenarios/target.ts';
import type { OpPhase } from '../../scenarios/target.ts';

export interface KitPlan {
  /** Reset the board at this op of the run (counted from 0 over every boot), before or after it. */
  cutOp?: number;
  mode?: 'before' | 'after';
  maxBoots: number;
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
