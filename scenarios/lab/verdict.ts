/** What the lab reports for one run: the fault plan that produced it and what the oracle found. */
import type { Fault } from '../types.ts';

export interface Violation {
  invariant: string;
  message: string;
  boot?: number;
}

export interface JudgedRun {
  faults: Fault[];
  violations: Violation[];
  /** One shell line that reproduces this run. */
  replay: string;
}
