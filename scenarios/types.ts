/**
 * A scenario: the contract between the updater and the lab. One YAML file (see
 * docs/scenario-format.md and scenarios/schema.json) runs unchanged on every target.
 */
import type { ErrorCode } from '../core/outcome.ts';
import type { FileContent, FileTree, ServerSpec } from '../sim/github/spec.ts';
import type { LinkFault, LinkSpec } from '../sim/link/spec.ts';
import type { BatterySpec } from '../sim/battery/spec.ts';

export type CutMode = 'before' | 'after' | 'torn';

export type DeviceFault =
  /**
   * Power lost at flash operation `op` (0-based, counted over the whole run, all boots). With
   * `everyBoot`, at the `op`-th operation of each boot instead (the same step on every boot; the
   * last two boots of the budget run without it so the board can settle: targets/every-boot.ts).
   */
  | { kind: 'power-cut'; op: number; mode?: CutMode; everyBoot?: boolean }
  /** Power lost at virtual time `atMs` since the run started. */
  | { kind: 'power-cut-at-time'; atMs: number }
  /** The flash reports ENOSPC from operation `op` on (a full filesystem); of several, the earliest `op` counts. */
  | { kind: 'flash-full'; op: number }
  /**
   * A load spike of `amps` (default 1) on top of the program/erase at flash operation `op` (a motor
   * starting, a cold cell): the board browns out there if the battery model's VSYS sags below its
   * threshold (sim/battery/); it fires only on a board with a battery weak enough.
   */
  | { kind: 'brownout'; op: number; amps?: number };

/** What a scenario may say about any fault. */
export interface FaultOptions {
  /**
   * The run may end without this fault firing (say why in the description). Without it, a fault
   * that never fired fails the run: the scenario tested nothing it claims to.
   */
  optional?: boolean;
}

export type Fault = (DeviceFault | LinkFault) & FaultOptions;

export interface DeviceSpec {
  /** ota_config.json contents, written as given (core validates it). */
  config: Record<string, unknown>;
  /** Which config file name to write; default ota_config.json. */
  configFile?: 'ota_config.json' | 'ota_config.yaml' | 'ota_config.yml' | 'ota_config.toml';
  /** Raw text of the config file instead of serialising `config` (malformed-config scenarios). */
  configText?: string;
  /** Commit label whose (permitted) files are installed, with version.json naming it. Absent: a fresh board. */
  installed?: string;
  /** Ref recorded in version.json for `installed` (default: the label). */
  installedRef?: string;
  /** Other files on the board: user data, or hand edits over installed files. */
  files?: FileTree;
  /** Battery charge in percent (absent: no battery sensing). */
  batteryPercent?: number;
  /** A battery model (charge, drain, charger, internal resistance, brownout threshold; docs/SPEC.md §11); wins over batteryPercent. */
  battery?: BatterySpec;
  /** Bytes left free on the flash once provisioned (the rest held by data the lab does not show). */
  freeBytes?: number;
  /**
   * The board's wall clock: `ntp` (default: true time) or `unset` (no network time: the RTC
   * restarts at 2021-01-01T00:00:00Z at power-on and every reset but a soft one, as on a Pico W).
   */
  rtc?: 'ntp' | 'unset';
  /** Empty directories on the board at the start (a dump's stage dir before any download, say). */
  emptyDirs?: string[];
}

export interface Expectation {
  /** Expectations (of version, ref, files) that are our updater's policy: a foreign updater is not judged on them. */
  policy?: ('version' | 'ref' | 'files')[];
  /** Commit label the board must end on; 'installed' means unchanged. */
  version?: string;
  /** The final version.json ref (e.g. a tag name), when it matters. */
  ref?: string;
  /** An error record with this code must exist at the end. */
  error?: ErrorCode;
  /** No error record at all at the end. */
  noErrors?: boolean;
  bootsAtMost?: number;
  requestsAtMost?: number;
  /** The status LED's patterns over the run, in order (docs/SPEC.md §10); only for the run as written. */
  led?: string[];
  /** Exact files at the end: content, or null for "absent". */
  files?: Record<string, FileContent | null>;
  /** The rejected commit recorded in version.json after a failed trial. */
  rejected?: string;
  /** Bytes on the wire for the requests whose URL includes `urlIncludes` (resumed downloads). */
  wire?: WireExpectation;
}

export interface WireExpectation {
  urlIncludes: string;
  /** Body bytes that reached the board over all matching requests, at most. */
  bytesAtMost?: number;
  /** Matching requests that carried a Range header, at least (0 with rangedAtMost 0: none may). */
  rangedAtLeast?: number;
  rangedAtMost?: number;
}

export interface Scenario {
  /** From the file name. */
  name: string;
  description: string;
  device: DeviceSpec;
  server: ServerSpec;
  link?: LinkSpec;
  faults?: Fault[];
  expect: Expectation;
  /** Sweep every flash operation of the clean run (default true). */
  sweep?: boolean;
  /** Boots the run may take before it is judged not live (default 8). */
  maxBoots?: number;
  /**
   * After a boot that ended idle with a check that did not fail (up to date, deferred, updated and
   * confirmed), the board checks again a virtual minute later, this many times (default 0): how the
   * app's periodic re-check looks to GitHub (conditional requests, `min_update_interval_sec`).
   */
  idleRechecks?: number;
  tags?: string[];
  /** Where a scenario written by `otalab repro` came from (docs/repro.md). */
  repro?: ReproProvenance;
}

export interface ReproProvenance {
  format: 1;
  /** The dump directory, as given on the command line. */
  dump: string;
  /** The Git repository (directory, bare repo or bundle), as given. */
  repo: string;
  /** Commit label → the real SHA it stands for. */
  commits: Record<string, string>;
}
