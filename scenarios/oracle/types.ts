/** The oracle's vocabulary: the invariants of architecture.md ("Oracle") and what a breach says. */
import type { RunResult } from '../target.ts';
import type { DeviceRules } from '../state/device-repo.ts';
import type { Scenario } from '../types.ts';

export type Invariant =
  | 'atomic'
  | 'consistent'
  | 'clean'
  | 'live'
  | 'contained'
  | 'recorded'
  | 'watchdog-safe'
  | 'secret-safe'
  | 'refused-unwritten'
  | 'expectation';

/** One breach. `boot` is the BootRecord index it was seen at (absent: the end of the run). */
export interface Verdict {
  invariant: Invariant;
  message: string;
  boot?: number;
  /** The board paths the breach is about, where it names them (contained: each user path that changed). */
  paths?: string[];
}

export interface OracleContext {
  /** Commit label → SHA, as the fake GitHub computed it. */
  shaOf(label: string): string;
  /** No fault was planned for this run (then the watchdog must never bite). */
  faultFree: boolean;
  /**
   * Network faults a fuzz run added to the scenario's own. The scenario's budgets and "no error"
   * were written for its own faults, so with added ones only the invariants and the end state
   * are judged.
   */
  addedLinkFaults?: number;
  /**
   * A fuzz run added a `flash-full`: from that op on the flash takes nothing, so the board may
   * stay on its old version and may have no room to record why. The scenario's expectations of
   * the target no longer apply; the invariants still do.
   */
  flashFilled?: boolean;
  /** Power cuts a sweep or fuzz run added (a run with a cut on every boot cannot tell them apart). */
  addedCuts?: number;
  /** Hosts that may receive the token (the configured API and raw hosts). */
  apiHosts: string[];
}

/** A moment at which the board's files are judged: after a boot's recovery, or the end. */
export interface Checkpoint {
  boot?: number;
  files: ReadonlyMap<string, Uint8Array>;
  /** Where in the run, when not "after recovery on boot N" or "at the end". */
  label?: string;
}

/** Everything the invariants need, computed once per run. */
export interface Facts {
  scenario: Scenario;
  run: RunResult;
  ctx: OracleContext;
  rules: DeviceRules;
  /** The board as provisioned (every file). */
  initial: ReadonlyMap<string, Uint8Array>;
  /** User-visible files before and after the update (see state/expected-states.ts). */
  before: ReadonlyMap<string, Uint8Array>;
  after: ReadonlyMap<string, Uint8Array>;
  target: string | null;
  installedSha: string | null;
  targetSha: string | null;
  /** Paths an update may touch: the installed and the target commits' managed files. */
  managedPaths: ReadonlySet<string>;
  /**
   * Dirs whose provisioned files are the updater's own leftovers (the default stage and backup
   * dirs, and those a planted journal names). A provisioned file in a stage/backup dir the config
   * points elsewhere (at user data) is the user's, and judged as such.
   */
  plantedUpdaterDirs: readonly string[];
  checkpoints: Checkpoint[];
}

export type InvariantCheck = (facts: Facts) => Verdict[];
