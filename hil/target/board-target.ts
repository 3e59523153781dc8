/**
 * Target `board:<id>`: the scenario library on a Pico W on a rig (or the virtual board behind the
 * same serial stack). One run: start the LAN fake GitHub with the plan's link faults, power-cycle
 * the board (held: boot.py does nothing), deploy the updater, the kit and the scenario's files,
 * arm the kit's cut, release the hold and reset the board; the kit reports every boot, op,
 * recovery and outcome on the UART side channel until the run ends; then dump the flash and hand
 * the oracle the same RunResult the simulator gives. A rig fault (port gone, no REPL, power driver
 * failed) is retried, and after RIG_ATTEMPTS a TargetError: an error, never the updater's verdict.
 */
import { distinctCutModes, FLASH_PROFILES, type OpKind } from '../../sim/flash/index.ts';
import { SimBoard } from '../../sim/board.ts';
import { shaOfFor } from '../../scenarios/targets/ts.ts';
import { linkFaultsOf } from '../../scenarios/targets/board-run.ts';
import { withEmptyDirs } from '../../scenarios/state/index.ts';
import { TargetError, type RunPlan, type RunResult, type Target, type TargetSpec } from '../../scenarios/target.ts';
import type { CutMode, Fault, Scenario } from '../../scenarios/types.ts';
import { boardLoad, oracleView, type KitParts } from './board-files.ts';
import { boardCannot, boardCannotRun, type LanCannot } from './reasons.ts';
import { Timeline } from '../report/timeline.ts';
import type { FoldedKit, KitPlan, KitProgress } from './kit-port.ts';
import { driveRun } from './run-drive.ts';
import { cutPlanOf, kitPlanAt } from './cut-plan.ts';
import { ByteCuts, type ByteCut } from './byte-cuts.ts';
export { cutPlanOf, type CutPlan } from './cut-plan.ts';

/** A run is tried this often before its rig fault becomes the scenario's error (the issue: retried at most twice). */
export const RIG_ATTEMPTS = 3;

/** The raw REPL of a reached board. */
export interface BoardRepl {
  exec(code: string, timeoutMs?: number): Promise<string>;
  deploy(files: ReadonlyMap<string, Uint8Array>): Promise<{ written: number; skipped: number }>;
  dump(): Promise<{ files: Map<string, Uint8Array>; dirs: string[] }>;
  /** `machine.reset()`, not waiting for an answer (the port vanishes). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The LAN fake GitHub of one run. */
export interface LanRun {
  apiBase: string;
  rawBase: string;
  requests: RunResult['requests'];
  unfired(): Fault[];
  events: { atMs: number; kind: string; detail: string }[];
  close(): Promise<void>;
}

/** One board of a rig, as the target drives it (rig-target.ts builds it from the rig file). */
export interface RigBoard {
  readonly id: string;
  readonly spec: TargetSpec;
  /** Report facts: serial number, port, power method, MicroPython version (once known). */
  readonly about: Record<string, string>;
  wifi?: { ssid: string; password: string };
  /** `onPowerCut`: the LAN's hook for byte-keyed cuts (byte-cuts.ts), resolving once the power was cycled. */
  startLan(scenario: Scenario, faults: Fault[], timeline: Timeline, onPowerCut?: (cut: ByteCut) => Promise<void>): Promise<LanRun>;
  lanCannot: LanCannot;
  /** The rig file's power driver (uhubctl, command, manual, virtual). */
  readonly powerDriver: string;
  /** The power can be cut at a moment the host picks (every driver but manual: a person is no timed switch). */
  readonly cutsPower: boolean;
  /** Off, then on (off for `offMs`, default the driver's cycle): the board boots (held, if the kit's hold file is there). Returns how it was cut. */
  powerCycle(timeline: Timeline, offMs?: number): Promise<string>;
  /** How long a byte-keyed cut holds the power off (POWER_CUT_HOLD_MS on a real rig). */
  readonly cutHoldMs: number;
  /** Its raw REPL, waiting up to `timeoutMs` for the port to appear. */
  reach(timeline: Timeline, timeoutMs?: number): Promise<BoardRepl>;
  /** Text the UART side channel received since `from` (a position from `uartMark`). */
  uartMark(): number;
  uartText(from: number): string;
  /** When (performance.now()) the character at `pos` arrived. */
  uartTimeAt(pos: number): number;
  /** Resolves once `done(text since from)` holds; 'silent' when nothing arrived for quietMs, 'timeout' after timeoutMs. */
  uartWait(from: number, done: (text: string) => boolean, timeoutMs: number, quietMs: number): Promise<true | 'silent' | 'timeout'>;
  /** Sends text on the UART side channel: the board's UART0 RX (the kit's answers). */
  uartWrite(text: string): Promise<void>;
  close(): Promise<void>;
}

/** The kit, as the target uses it (hil/kit). */
export interface KitPort extends KitParts {
  holdPath: string;
  arm(exec: (code: string) => Promise<string>, plan: KitPlan): Promise<void>;
  hold(exec: (code: string) => Promise<string>, on: boolean): Promise<void>;
  /** Power-cut requests (mode power) and asks after a power-on in this text. */
  progress(text: string): KitProgress;
  /** The `#kit1r` line answering the kit's ask: the run so far in `text`, armed with `plan`. */
  answer(text: string, plan: KitPlan): string;
  /** The run is over: the kit said so (idle, budget, stuck). */
  ended(text: string): boolean;
  /** The kit's report; `known`: byte strings the run could have left (its files after recovery are reported by hash). */
  fold(text: string, known: { scenario: Scenario; files: Iterable<Uint8Array> }): FoldedKit;
  /** The kit's own cut (machine.reset()), for reports; a cut by power is recorded as `power via <driver>`. */
  cutMethod: string;
}

/** Each run's timeline and how it went, for the certification report. */
export interface RunRecord {
  scenario: string;
  /** The planned cut: at a flash op, (power-cut-at-time) at wall ms after the run started, or (power-cut-at-bytes) after body bytes served. */
  cut: { op: number; mode: CutMode } | { atMs: number } | { afterBytes: number; urlIncludes?: string } | null;
  timeline: Timeline;
  attempts: number;
  cutMethod: string;
  rigErrors: string[];
  updaterSha256?: string;
}

export interface BoardTargetOptions {
  /** Wall-clock budget for one boot of the run (the run may take maxBoots of them). */
  bootTimeoutMs?: number;
  /** The kit reports every op and boot: this long without a UART byte means the board is gone or stuck. */
  quietMs?: number;
  onRun?: (record: RunRecord) => void;
}

const CUT_MODES: readonly CutMode[] = ['before', 'after'];

/** A running watchdog bites within 8.4 s and the kit reports each boot and op: 45 s of silence is a rig fault. */
export const QUIET_MS = 45_000;

export function boardTarget(board: RigBoard, kit: KitPort, options: BoardTargetOptions = {}): Target {
  return {
    name: board.spec.name,
    spec: board.spec,
    cutModes: CUT_MODES,
    cannot: (fault) => boardCannot(fault, board.lanCannot, board),
    cannotRun: (scenario) => boardCannotRun(scenario, board),
    run: (scenario, plan) => runWithRetries(board, kit, scenario, plan, options),
    close: () => board.close(),
  };
}

async function runWithRetries(board: RigBoard, kit: KitPort, scenario: Scenario, plan: RunPlan, options: BoardTargetOptions): Promise<RunResult> {
  const errors: string[] = [];
  const cut = cutPlanOf(plan.faults, board, kit, scenario.faults ?? []);
  for (let attempt = 1; attempt <= RIG_ATTEMPTS; attempt++) {
    const timeline = new Timeline();
    try {
      const result = await runOnce(board, kit, scenario, plan, timeline, options);
      options.onRun?.({ scenario: scenario.name, cut: cut.record, timeline, attempts: attempt, cutMethod: cut.method, rigErrors: errors });
      return result;
    } catch (err) {
      if (!(err instanceof TargetError)) throw err;
      timeline.mark('verdict', `rig error: ${err.message}`, { bad: true });
      errors.push(`attempt ${attempt}: ${err.message}`);
      if (attempt === RIG_ATTEMPTS) {
        options.onRun?.({ scenario: scenario.name, cut: cut.record, timeline, attempts: attempt, cutMethod: cut.method, rigErrors: errors });
      }
    }
  }
  throw new TargetError(`board ${board.id}: ${RIG_ATTEMPTS} attempts failed (${errors.join('; ')})`);
}

async function runOnce(board: RigBoard, kit: KitPort, scenario: Scenario, plan: RunPlan, timeline: Timeline, options: BoardTargetOptions): Promise<RunResult> {
  const cut = cutPlanOf(plan.faults, board, kit, scenario.faults ?? []);
  const byteCuts = new ByteCuts();
  const lan = await board.startLan(scenario, linkFaultsOf(plan.faults), timeline, byteCuts.request);
  try {
    // The fake GitHub's commit SHAs (what version.json names) come from the simulator's model.
    const sim = new SimBoard({ server: scenario.server });
    const load = boardLoad(scenario, shaOfFor(sim, scenario), { apiBase: lan.apiBase, rawBase: lan.rawBase, ...(board.wifi ? { wifi: board.wifi } : {}) }, kit);
    // Hold first: a watchdog left running by the last run may reset the board at any moment, and
    // every boot must then do nothing until this run is armed.
    // A board that does not answer (stuck in code no Ctrl-C reaches, say) is power-cycled once and
    // asked again: a rig with power control can always get its board back.
    let repl = await board.reach(timeline).catch(async (err: unknown) => {
      if (!(err instanceof TargetError)) throw err;
      timeline.mark('power', `no REPL (${err.message}): cycle: ${await board.powerCycle(timeline)}`, { bad: true });
      return board.reach(timeline);
    });
    await kit.hold((c) => repl.exec(c), true);
    await repl.close();
    timeline.mark('power', `cycle: ${await board.powerCycle(timeline)}`);
    repl = await board.reach(timeline);
    const files = new Map(load.files);
    files.set(kit.holdPath, new Uint8Array());
    const deployed = await timeline.span('repl', 'deploy', () => repl.deploy(files));
    timeline.mark('repl', `deployed ${deployed.written} files, ${deployed.skipped} unchanged`);
    const kitPlan: KitPlan = kitPlanAt(cut, 0, plan.maxBoots);
    await kit.arm((c) => repl.exec(c), kitPlan);
    await kit.hold((c) => repl.exec(c), false);
    const from = board.uartMark();
    // A switchable board starts the run with a power cycle, as the simulator's run starts with a
    // power-on: the cycle clears the registers and the kit's ask is answered with the plan.
    const start = board.cutsPower ? 'power' : 'reset';
    if (start === 'reset') {
      timeline.mark('boot', 'run starts: machine.reset()');
      await repl.reset();
    }
    await repl.close().catch(() => undefined);
    const budget = (options.bootTimeoutMs ?? 60_000) * (plan.maxBoots + 1);
    const quiet = options.quietMs ?? QUIET_MS;
    const drive = await driveRun(board, kit, { from, kitPlan: (flashOps) => kitPlanAt(cut, flashOps, plan.maxBoots), start, ...(cut.atMs !== undefined ? { cutAtMs: cut.atMs } : {}), byteCuts, budgetMs: budget, quietMs: quiet, timeline });
    const ended = drive.ended;
    const text = board.uartText(from);
    if (ended !== true) {
      const why = ended === 'silent' ? `the kit went silent for ${quiet / 1000} s before the run's end` : `the kit never reported the run's end within ${budget / 1000} s`;
      throw new TargetError(`${why} (UART side channel: ${text.length} bytes; last: ${JSON.stringify(text.slice(-160))})`);
    }
    // The updater's watchdog cannot be stopped and nobody feeds it now: hold, cut the power (an
    // idle board loses nothing), and dump a board that boots held with no watchdog running.
    repl = await board.reach(timeline);
    await kit.hold((c) => repl.exec(c), true);
    await repl.close().catch(() => undefined);
    timeline.mark('power', `cycle before the dump: ${await board.powerCycle(timeline)}`);
    repl = await board.reach(timeline);
    const back = await timeline.span('repl', 'dump', () => repl.dump());
    await repl.close();
    const kitRun = kit.fold(text, { scenario, files: [...load.files.values(), ...back.files.values()] });
    // Kit events on their lanes, at the time their UART line arrived.
    const kitLines = [...text.matchAll(/#kit1 (\{.*\})/g)];
    for (const m of kitLines) {
      const at = timeline.since(board.uartTimeAt(from + m.index!));
      let e: { ev?: string; boot?: number; cause?: number; op?: number; mode?: string; why?: string; outcome?: string };
      try {
        e = JSON.parse(m[1]!);
      } catch {
        continue;
      }
      if (e.ev === 'boot') timeline.mark('boot', `boot ${e.boot} starts (reset cause ${e.cause})`, { atMs: at });
      else if (e.ev === 'cut') timeline.mark('kit', `cut at op ${e.op} (${e.mode})`, { atMs: at, bad: true });
      else if (e.ev === 'outcome') timeline.mark('kit', `outcome: ${e.outcome}`, { atMs: at });
      else if (e.ev === 'end' || e.ev === 'held') timeline.mark('kit', `${e.ev}${e.why ? `: ${e.why}` : ''}`, { atMs: at });
    }
    for (const e of lan.events) timeline.mark('http', `${e.kind} ${e.detail}`, { atMs: e.atMs, bad: ['fault', 'stall', 'reset', 'drop', 'truncate', 'power-cut'].includes(e.kind) });
    const state = withEmptyDirs(back.files, back.dirs.filter((d) => !kit.isKitPath(d)));
    const view = (m: ReadonlyMap<string, Uint8Array>) => oracleView(m, load, kit);
    const unfired: Fault[] = [...lan.unfired()];
    // A cut fired when the kit reported a cut at its op (power or reset).
    const cutOps = new Set(kit.progress(text).cutOps);
    for (const f of plan.faults) if (f.kind === 'power-cut' && !cutOps.has(f.op)) unfired.push(f);
    const timeFault = plan.faults.find((f) => f.kind === 'power-cut-at-time');
    if (timeFault && !drive.timedCutFired) unfired.push(timeFault);
    return {
      target: board.spec.name,
      files: view(state),
      boots: kitRun.boots.map((b) => ({ index: b.index, cause: b.cause, afterRecovery: b.afterRecovery ? view(b.afterRecovery) : null, end: b.end, ...(b.outcome !== undefined ? { outcome: b.outcome } : {}) })),
      flashOps: kitRun.ops.length,
      ops: kitRun.ops.map((o) => ({ kind: o.kind, modes: distinctCutModes(FLASH_PROFILES.littlefs, o.kind as OpKind).filter((m) => CUT_MODES.includes(m)), path: o.path, boot: o.boot, phase: o.phase })),
      requests: lan.requests,
      watchdogResets: kitRun.watchdogResets,
      maxFeedGapMs: kitRun.maxFeedGapMs,
      virtualTimeMs: timeline.elapsedMs,
      unfired,
      log: [...timeline.lines(), ...kitRun.log],
    };
  } finally {
    await lan.close();
  }
}
