/**
 * Crash-point sweep: run the scenario clean, count its flash operations, then cut power at every
 * operation (before it, after it, torn — each mode only where it leaves a distinct state),
 * let the board reboot and recover, and judge each run with the oracle.
 */
import type { Scenario, CutMode, Fault } from '../types.ts';
import type { RunResult, Target } from '../target.ts';
import type { JudgedRun } from './verdict.ts';
import type { Judge } from './context.ts';
import { replayCommand } from './replay.ts';
import { fsLossOf } from './fs-loss.ts';

export interface SweepOptions {
  /** Passed to the target's runs; no target draws from it today (a run has no random choice). */
  seed?: number;
  maxBoots: number;
  /** Judge the clean run only. */
  cleanOnly?: boolean;
  /** Restrict to one point (replay). */
  only?: { op: number; mode: CutMode };
  /** Shard i of n (1-based), so CI matrix jobs split one sweep deterministically. */
  shard?: { index: number; count: number };
  judge: Judge;
  onPoint?: (done: number, total: number) => void;
  /**
   * Keep the details (faults, violations, replay line) of at most this many violating points;
   * every violating point is still counted and listed in `failedPoints`.
   */
  maxFailures?: number;
  /** Stop exploring once this much wall time has passed (benchmarks); the result says how far it got. */
  budgetMs?: number;
  /**
   * Run only this many points, spread evenly over the sweep (first and last included): a real
   * board takes seconds per run. The report says how many points were not run.
   */
  sample?: number;
}

export interface SweepResult {
  clean: JudgedRun;
  cleanOps: number;
  /** Fault points selected; `explored` is how many ran (fewer only when a budget stopped it). */
  total: number;
  explored: number;
  /** Per op of the clean run, the cut modes swept there (the others were merged). */
  opModes: CutMode[][];
  /** Per op of the clean run: its kind, path, boot and phase (what a report shows for a cut there). */
  ops: RunResult['ops'];
  /** Points skipped because on this flash they leave the same state as another mode at the same op. */
  merged: number;
  /** Points of the sweep a `sample` left out (0 for a full sweep): never counted as passed. */
  notRun: number;
  /** With a sample: the points that ran (a report shows the rest as not run, never as passed). */
  sampled?: { op: number; mode: CutMode }[];
  /** The cut modes the target can make (absent: all); the others are shown as out of its reach. */
  cutModes?: CutMode[];
  /** Details of the first violating points (at most `maxFailures`). */
  failures: JudgedRun[];
  /** Every violating point, in sweep order: its count is the number of violations. */
  failedPoints: { op: number; mode: CutMode }[];
  /**
   * Every point whose violations are all FAT's own loss (fs-loss.ts), in sweep order, with the
   * entries its torn directory sector destroyed. Not in `failedPoints`: the updater held there.
   */
  fsLossPoints: { op: number; mode: CutMode; lost: string[] }[];
  /** The longest unfed watchdog gap over the clean run and every point run (virtual ms). */
  maxFeedGapMs: number;
  ms: number;
}

const MODES: CutMode[] = ['before', 'after', 'torn'];

export async function sweep(target: Target, scenario: Scenario, file: string, opts: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const base = scenario.faults ?? [];
  const cleanPlan = { faults: base, seed: opts.seed, maxBoots: opts.maxBoots };
  const cleanRun = await target.run(scenario, cleanPlan);
  const clean: JudgedRun = {
    faults: base,
    violations: opts.judge(cleanRun, []),
    replay: replayCommand({ kind: 'run', file, spec: target.spec }),
  };
  // A scenario's own torn cut may make FAT lose entries in the clean run too.
  const cleanLoss = await fsLossOf(target, scenario, cleanPlan, cleanRun, clean.violations, (r) => opts.judge(r, []));
  if (cleanLoss !== null) clean.fsLoss = cleanLoss;
  const points: { op: number; mode: CutMode }[] = [];
  let merged = 0;
  const modesOf = (op: number) => (cleanRun.ops[op]?.modes ?? MODES).filter((m) => target.cutModes?.includes(m) ?? true);
  for (let op = 0; op < cleanRun.flashOps; op++) {
    const distinct = modesOf(op);
    for (const mode of MODES) {
      if (distinct.includes(mode)) points.push({ op, mode });
      else merged++;
    }
  }
  const chosen = points.filter((p, i) => {
    if (opts.cleanOnly) return false;
    if (opts.only) return p.op === opts.only.op && p.mode === opts.only.mode;
    if (opts.shard) return i % opts.shard.count === opts.shard.index - 1;
    return true;
  });
  const selected = opts.sample !== undefined && !opts.only ? evenly(chosen, opts.sample) : chosen;
  const failures: JudgedRun[] = [];
  const failedPoints: SweepResult['failedPoints'] = [];
  const fsLossPoints: SweepResult['fsLossPoints'] = [];
  let maxFeedGapMs = cleanRun.maxFeedGapMs;
  let done = 0;
  for (const point of selected) {
    if (opts.budgetMs !== undefined && performance.now() - started > opts.budgetMs) break;
    const cut: Fault = { kind: 'power-cut', op: point.op, mode: point.mode };
    const faults: Fault[] = [...base, cut];
    // The added cut may cost the board one boot more than the scenario's budget.
    const plan = { faults, seed: opts.seed, maxBoots: opts.maxBoots + 1 };
    const run = await target.run(scenario, plan);
    const violations = opts.judge(run, [cut]);
    maxFeedGapMs = Math.max(maxFeedGapMs, run.maxFeedGapMs);
    const lost = violations.length > 0 ? await fsLossOf(target, scenario, plan, run, violations, (r) => opts.judge(r, [cut])) : null;
    if (lost !== null) fsLossPoints.push({ ...point, lost });
    else if (violations.length > 0) {
      failedPoints.push(point);
      if (failures.length < (opts.maxFailures ?? Infinity)) {
        failures.push({ faults, violations, replay: replayCommand({ kind: 'sweep', file, op: point.op, mode: point.mode, spec: target.spec }) });
      }
    }
    done++;
    opts.onPoint?.(done, selected.length);
  }
  const opModes = Array.from({ length: cleanRun.flashOps }, (_, op) => MODES.filter((m) => modesOf(op).includes(m)));
  const ops = cleanRun.ops.map(({ kind, modes, path, boot, phase }) => ({ kind, modes, path, boot, phase }));
  return { clean, cleanOps: cleanRun.flashOps, opModes, ops, total: selected.length, explored: done, merged, notRun: chosen.length - selected.length, ...(selected !== chosen ? { sampled: selected.slice(0, done) } : {}), ...(target.cutModes ? { cutModes: [...target.cutModes] } : {}), failures, failedPoints, fsLossPoints, maxFeedGapMs, ms: performance.now() - started };
}

/** `n` items spread evenly over `items`, first and last included, in order (all if n ≥ length). */
export function evenly<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  if (n <= 0) return [];
  if (n === 1) return [items[0]!];
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!);
}
