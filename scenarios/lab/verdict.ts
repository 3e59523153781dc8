/** What the lab reports for one run: the fault plan that produced it and what the oracle found. */
import type { Fault } from '../types.ts';

export interface Violation {
  invariant: string;
  message: string;
  boot?: number;
  /** The board paths the breach is about, where the invariant names them. */
  paths?: string[];
}

export interface JudgedRun {
  faults: Fault[];
  violations: Violation[];
  /** One shell line that reproduces this run. */
  replay: string;
  /**
   * Set when every violation here is FAT's own doing (scenarios/lab/fs-loss.ts): the entries a torn
   * directory sector destroyed, sorted. Such a run is a filesystem loss, not an updater failure.
   */
  fsLoss?: string[];
}
