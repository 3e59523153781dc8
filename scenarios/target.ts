/**
 * A target runs scenarios: `ts` (core on the virtual Pico W), `micropython` (device/ in the
 * MicroPython interpreter on the same virtual Pico W), or a real board. The lab knows nothing else
 * about how a target works.
 */
import type { ErrorCode } from '../core/outcome.ts';
import type { CutMode, Fault, Scenario } from './types.ts';

export interface RunPlan {
  /** Scenario faults plus those a sweep or fuzz run adds. */
  faults: Fault[];
  seed: number;
  maxBoots: number;
}

export type BootEnd =
  | 'idle' // app running, nothing left to do
  | 'reset' // updater asked for a reset after an update
  | 'power-cut'
  | 'watchdog'
  | 'app-crash';

export interface BootRecord {
  index: number;
  cause: 'power-on' | 'watchdog' | 'soft' | 'hard';
  /** Files on the board right after boot-time recovery finished (null if power failed before). */
  afterRecovery: Map<string, Uint8Array> | null;
  end: BootEnd;
  /** What the updater reported this boot, if it ran. */
  outcome?: string;
}

export interface RequestRecord {
  method: string;
  url: string;
  status: number | null;
  bodyBytes: number;
  /** Authorization header as sent (the oracle checks it never leaves the API hosts). */
  authorization: string | null;
}

export interface ErrorRecordView {
  code: ErrorCode | string;
  phase: string;
  message: string;
}

export interface RunResult {
  target: string;
  /** Every file on the board at the end. */
  files: Map<string, Uint8Array>;
  boots: BootRecord[];
  flashOps: number;
  /**
   * Per flash operation of the run: its kind, path, boot and phase, and the cut modes that leave distinct durable states
   * there (on littlefs a torn rename equals a cut before it, so sweeping both would count one
   * state twice).
   */
  ops: {
    kind: string;
    modes: readonly CutMode[];
    /** The path it touched (`from -> to` for a rename), the boot it ran in and where in that boot. */
    path?: string;
    boot?: number;
    phase?: 'recovery' | 'update' | 'app';
  }[];
  requests: RequestRecord[];
  watchdogResets: number;
  virtualTimeMs: number;
  /**
   * The plan's faults that never fired (the run ended before a cut's op or time, no op ran into a
   * full flash, no request matched a link fault), in plan order. A link fault that fired fewer than
   * `times` times did fire. The lab fails a run whose scenario fault is here unless it is optional.
   */
  unfired: Fault[];
  log: string[];
  /**
   * The board's files right after each write of version.json landed (op index, boot): the moments
   * the updater claims a version, where the files must already be that version — the ordering the
   * predecessor got wrong. Optional: a target that cannot observe it leaves it out.
   */
  versionWrites?: { op: number; boot: number; files: Map<string, Uint8Array> }[];
}

export interface Target {
  readonly name: string;
  /** CLI flags that recreate this target's options in a replay command (e.g. "--flash fat"). */
  readonly replayFlags?: string;
  /** Null if the target can produce this fault, else why not (reported as skipped). */
  cannot(fault: Fault): string | null;
  /** Null if the target can run this scenario faithfully, else why not (reported as skipped). */
  cannotRun?(scenario: Scenario): string | null;
  run(scenario: Scenario, plan: RunPlan): Promise<RunResult>;
}
