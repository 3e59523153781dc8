/**
 * A target runs scenarios: `ts` (core on the virtual Pico W), `micropython` (device/ in the
 * MicroPython interpreter on the same virtual Pico W), or a real board. The lab knows nothing else
 * about how a target works.
 */
import type { CutMode, Fault, Scenario } from './types.ts';
import type { FlashTiming } from '../sim/flash/index.ts';

export interface RunPlan {
  /** Scenario faults plus those a sweep or fuzz run adds. */
  faults: Fault[];
  /**
   * Unused by every target today: a run has no random choices (fixed latency, no jitter), so the
   * lab prints no seed for it. Fuzz schedules are what a seed draws (scenarios/lab/fuzz.ts).
   */
  seed?: number;
  maxBoots: number;
  /**
   * A counterfactual run: a torn FAT directory sector loses none of its neighbours (everything
   * else as planned). The lab reruns a point this way to tell FAT's own losses from the
   * updater's defects (scenarios/lab/fs-loss.ts).
   */
  keepNeighbours?: boolean;
}

/**
 * Every option that makes a target run differently, as plain data: it travels to sweep workers
 * and is rendered back into replay lines (scenarios/lab/replay.ts), so a shard or a replay runs
 * exactly the target of the run that printed it. A new target option belongs here.
 */
export interface TargetSpec {
  name: string;
  /** The flash's fault model: 'littlefs' (the Pico W's) or 'fat'. */
  flash: 'littlefs' | 'fat';
  /** Flash erase/program times: absent = datasheet typical, 'worst' = datasheet maxima. */
  flashTiming?: FlashTiming;
  /** micropython: the updater directory to run (absent: device/). */
  updater?: string;
  /** micropython: the foreign updater's adapter file (absent: `<updater>/otalab-updater.yaml`, if there). */
  adapter?: string;
  /** ts: the board also carries the MicroPython updater's files, as `sim diff` runs it. */
  updaterFiles?: boolean;
  /** board:<id>: the rig file that names the board (`virtual`: the built-in virtual rig). */
  rig?: string;
}

export type BootEnd =
  | 'idle' // app running, nothing left to do
  | 'reset' // updater asked for a reset after an update
  | 'power-cut'
  | 'watchdog'
  | 'app-crash'
  | 'app-hang'; // the app hung; the watchdog reset the board, or (no watchdog) it stays hung

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
  /** The link fault that answered instead of the server (status null: no response at all). */
  fault?: string;
  /** The body of a response the updater must refuse (non-2xx, or a link fault's page); absent otherwise. */
  refusedBody?: Uint8Array;
  /** The Range header sent (a resumed download); absent when none. */
  range?: string;
  /** Body bytes that reached the board (less than bodyBytes after a drop or a byte cut). */
  wireBytes?: number;
}

/** Where in a boot a flash operation happened: boot-time recovery, the update check, or the app (and the trial's confirmation after it). */
export type OpPhase = 'recovery' | 'update' | 'app';

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
    phase?: OpPhase;
  }[];
  requests: RequestRecord[];
  /** Watchdog bites while the updater ran (a scenario's hung app is counted as `app-hang` boots). */
  watchdogResets: number;
  /** The longest virtual time the watchdog went unfed while running (to a feed, a bite or the run's end); 0 if never started. */
  maxFeedGapMs: number;
  virtualTimeMs: number;
  /**
   * The plan's faults that never fired (the run ended before a cut's op or time, no op ran into a
   * full flash, no request matched a link fault), in plan order. A link fault that fired fewer than
   * `times` times did fire. The lab fails a run whose scenario fault is here unless it is optional.
   */
  unfired: Fault[];
  /**
   * The flash refused new data at the end of the run (a flash-full fault had fired, or it was out
   * of space): no error record can be written then (SPEC §2), so `recorded` accepts none.
   */
  flashFull?: boolean;
  log: string[];
  /**
   * The board's files right after each write of version.json landed (op index, boot): the moments
   * the updater claims a version, where the files must already be that version — the ordering the
   * predecessor got wrong. Optional: a target that cannot observe it leaves it out.
   */
  versionWrites?: { op: number; boot: number; files: Map<string, Uint8Array> }[];
  /**
   * ota_error.json's bytes right after each write of it landed, in order: each rewrite of the ring
   * must keep the newest records of the one before. Optional, like `versionWrites`.
   */
  errorLogWrites?: { op: number; boot: number; bytes: Uint8Array }[];
  /**
   * Every flash write the updater issued (op index, path, the bytes it handed over), so the oracle
   * can tell what reached a file even when a later check removed it. Optional, like `versionWrites`.
   */
  flashWrites?: { op: number; path: string; bytes: Uint8Array }[];
  /**
   * fat: what each torn directory sector destroyed of its neighbours (op index, every path lost,
   * those below a lost directory included). Absent or empty: the flash lost nothing by itself.
   */
  fsLosses?: { op: number; paths: string[] }[];
  /** The status LED's timeline of pattern names (sim/led/decode.ts); absent where no LED is watched. */
  led?: string[];
  /**
   * Set when a foreign updater ran (its dir; scenarios/targets/foreign.ts): the oracle judges only
   * what every updater must guarantee, and our policy's checks are not applicable (oracle/policy.ts).
   */
  updater?: string;
}

export interface Target {
  readonly name: string;
  /** Its options as data (workers rebuild it from this; replay lines print it); absent for stand-ins built in tests. */
  readonly spec?: TargetSpec;
  /** Null if the target can produce this fault, else why not (reported as skipped). */
  cannot(fault: Fault): string | null;
  /** Null if the target can run this scenario faithfully, else why not (reported as skipped). */
  cannotRun?(scenario: Scenario): string | null;
  /**
   * The cut modes it can make (absent: every mode). A real board is cut by a reset before or after
   * an op; it cannot tear a write, so a sweep never asks it to.
   */
  readonly cutModes?: readonly CutMode[];
  run(scenario: Scenario, plan: RunPlan): Promise<RunResult>;
  /** Releases what the target holds (boards, servers); absent when it holds nothing. */
  close?(): Promise<void>;
}

/**
 * The rig failed, not the updater: a port vanished, no REPL answered, a power driver failed. The
 * lab reports the scenario as an error (never passed, never failed): no verdict was reached.
 */
export class TargetError extends Error {
  constructor(message: string, readonly kind: string = 'rig') {
    super(message);
    this.name = 'TargetError';
  }
}
