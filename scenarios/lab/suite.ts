/**
 * The suite: every scenario of the library on one target — a clean run judged by the oracle,
 * then its crash-point sweep. Scenarios whose faults the target cannot produce are skipped with
 * the reason, never counted as passed; a scenario file that does not load is a failed scenario
 * (with the loader's message), and the others still run.
 */
import type { CutMode, Scenario } from '../types.ts';
import { TargetError, type RunResult, type Target, type TargetSpec } from '../target.ts';
import type { JudgedRun } from './verdict.ts';
import { sweep } from './sweep.ts';
import { judgeFor } from './context.ts';
import type { SweepPool } from './sweep-pool.ts';
import { isForeign } from '../targets/adapter/load.ts';
import { notApplicable } from '../oracle/policy.ts';

export interface ScenarioReport {
  name: string;
  file: string;
  description: string;
  /**
   * `fs-loss`: the updater held at every point, but at some the flash itself (FAT) destroyed
   * entries and broke invariants no updater can keep (fs-loss.ts) — neither passed nor failed.
   */
  status: 'passed' | 'failed' | 'fs-loss' | 'skipped' | 'error';
  skipReason?: string;
  /** `error`: the rig failed (target.ts TargetError) and no verdict was reached; why. */
  targetError?: string;
  /** The loader's message when the scenario file is invalid (then it did not run). */
  invalid?: string;
  clean: JudgedRun | null;
  sweep: {
    explored: number;
    merged: number;
    /** Points a sample left out (never counted as passed), the points that ran, the target's cut modes. */
    notRun: number;
    sampled?: { op: number; mode: CutMode }[];
    cutModes?: CutMode[];
    cleanOps: number;
    opModes: CutMode[][];
    /** Per op of the clean run: kind, path, boot, phase. */
    ops: RunResult['ops'];
    /** Details of the first violating points only (a cap keeps reports readable). */
    failures: JudgedRun[];
    /** Every violating point: `violations` is its length. */
    failedPoints: { op: number; mode: CutMode }[];
    violations: number;
    /** Every point whose violations are all FAT's own loss, with what it destroyed: `fsLosses` is its length. */
    fsLossPoints: { op: number; mode: CutMode; lost: string[] }[];
    fsLosses: number;
    ms: number;
  } | null;
  /** A foreign updater ran: the checks of our policy not applied to this scenario (oracle/policy.ts). */
  notApplicable?: string[];
  /** The longest unfed watchdog gap over every run of the scenario (virtual ms; 0 if never started). */
  maxFeedGapMs: number;
  ms: number;
}

export interface SuiteReport {
  target: string;
  /** Every option of the target that ran (flash profile, updater): what was certified. */
  spec?: TargetSpec;
  /** Set when a foreign updater ran (`--updater` with an adapter): its dir. Its policy checks are not applicable. */
  updater?: string;
  scenarios: ScenarioReport[];
  /** `fsLoss`: scenarios whose only findings are FAT's losses; `fsLosses`: such points (clean runs included). */
  totals: { passed: number; failed: number; fsLoss: number; skipped: number; error: number; explored: number; violations: number; fsLosses: number; maxFeedGapMs: number; ms: number };
}

/** A scenario file the loader refused: it becomes a failed scenario in every report. */
export interface InvalidScenario {
  file: string;
  problem: string;
}

export type SuiteEntry = { file: string; scenario: Scenario } | InvalidScenario;

export interface SuiteOptions {
  /** Unused: suite runs have no random choice (kept for callers that still pass one). */
  seed?: number;
  sweep: boolean;
  /** Sweep on worker threads (one shard per worker); absent: in this thread. */
  pool?: SweepPool;
  /** Details kept per scenario (every violating point is still counted and mapped). */
  maxFailuresPerScenario?: number;
  /** Sweep only this many points per scenario, spread evenly (real boards: seconds per run). */
  sample?: number;
  onScenarioStart?: (name: string, index: number, total: number) => void;
  onPoint?: (done: number, total: number) => void;
  onScenarioEnd?: (report: ScenarioReport) => void;
}

export async function runSuite(target: Target, scenarios: SuiteEntry[], opts: SuiteOptions): Promise<SuiteReport> {
  const started = performance.now();
  const reports: ScenarioReport[] = new Array(scenarios.length);
  // With a pool, scenarios run side by side (one per worker); reports keep the library's order.
  const lanes = opts.pool?.size ?? 1;
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < scenarios.length; i = next++) {
      const entry = scenarios[i]!;
      const name = 'scenario' in entry ? entry.scenario.name : entry.file;
      opts.onScenarioStart?.(name, i, scenarios.length);
      const report = 'scenario' in entry ? await runOrError(target, entry.file, entry.scenario, opts) : invalidReport(entry);
      reports[i] = report;
      opts.onScenarioEnd?.(report);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const totals = { passed: 0, failed: 0, fsLoss: 0, skipped: 0, error: 0, explored: 0, violations: 0, fsLosses: 0, maxFeedGapMs: 0, ms: performance.now() - started };
  for (const r of reports) {
    totals[r.status === 'fs-loss' ? 'fsLoss' : r.status]++;
    totals.explored += r.sweep?.explored ?? 0;
    totals.violations += r.sweep?.violations ?? 0;
    totals.fsLosses += fsLossCount(r);
    totals.maxFeedGapMs = Math.max(totals.maxFeedGapMs, r.maxFeedGapMs);
  }
  const foreign = foreignUpdater(target);
  return { target: target.name, ...(target.spec ? { spec: target.spec } : {}), ...(foreign !== null ? { updater: foreign } : {}), scenarios: reports, totals };
}

/** The foreign updater's dir a target runs, or null (our updater). */
export function foreignUpdater(target: Target): string | null {
  const spec = target.spec;
  return spec?.updater !== undefined && isForeign(spec.updater, spec.adapter) ? spec.updater : null;
}

/** A scenario's filesystem-loss points: its sweep's, plus its clean run when that was one. */
export function fsLossCount(r: ScenarioReport): number {
  return (r.sweep?.fsLosses ?? 0) + (r.clean?.fsLoss !== undefined ? 1 : 0);
}

/** Passed, failed (a violation FAT does not explain), or fs-loss (only FAT's losses). */
function statusOf(clean: JudgedRun, failedPoints: number, fsLossPoints: number): ScenarioReport['status'] {
  const cleanFailed = clean.violations.length > 0 && clean.fsLoss === undefined;
  if (cleanFailed || failedPoints > 0) return 'failed';
  return clean.fsLoss !== undefined || fsLossPoints > 0 ? 'fs-loss' : 'passed';
}

function invalidReport(entry: InvalidScenario): ScenarioReport {
  return { name: entry.file, file: entry.file, description: 'invalid scenario file', status: 'failed', invalid: entry.problem, clean: null, sweep: null, maxFeedGapMs: 0, ms: 0 };
}

/** A rig fault (TargetError) ends the scenario as an error: no verdict, never passed or failed. */
async function runOrError(target: Target, file: string, scenario: Scenario, opts: SuiteOptions): Promise<ScenarioReport> {
  const started = performance.now();
  try {
    return await runOne(target, file, scenario, opts);
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    return { name: scenario.name, file, description: scenario.description, status: 'error', targetError: err.message, clean: null, sweep: null, maxFeedGapMs: 0, ms: performance.now() - started };
  }
}

async function runOne(target: Target, file: string, scenario: Scenario, opts: SuiteOptions): Promise<ScenarioReport> {
  const started = performance.now();
  const base = { name: scenario.name, file, description: scenario.description, ...(foreignUpdater(target) !== null ? { notApplicable: notApplicable(scenario.expect) } : {}) };
  const reasons = [target.cannotRun?.(scenario) ?? null, ...(scenario.faults ?? []).map((f) => target.cannot(f))].filter((r): r is string => r !== null);
  if (reasons.length > 0) {
    return { ...base, status: 'skipped', skipReason: reasons.join('; '), clean: null, sweep: null, maxFeedGapMs: 0, ms: performance.now() - started };
  }
  const maxBoots = scenario.maxBoots ?? 8;
  const judge = judgeFor(scenario);
  if (!opts.sweep || scenario.sweep === false) {
    const s = await sweep(target, scenario, file, { maxBoots, judge, cleanOnly: true });
    return { ...base, status: statusOf(s.clean, 0, 0), clean: s.clean, sweep: null, maxFeedGapMs: s.maxFeedGapMs, ms: performance.now() - started };
  }
  const maxFailures = opts.maxFailuresPerScenario ?? 20;
  if (opts.pool && !target.spec) throw new Error(`Failed to sweep ${scenario.name} on worker threads: target ${target.name} has no spec to rebuild it from`);
  const s = opts.pool
    ? await opts.pool.sweepWhole(target.spec!, scenario, file, { maxBoots, maxFailures })
    : await sweep(target, scenario, file, { maxBoots, judge, onPoint: opts.onPoint, maxFailures, ...(opts.sample !== undefined ? { sample: opts.sample } : {}) });
  return {
    ...base,
    status: statusOf(s.clean, s.failedPoints.length, s.fsLossPoints.length),
    clean: s.clean,
    sweep: {
      explored: s.explored,
      merged: s.merged,
      notRun: s.notRun,
      ...(s.sampled ? { sampled: s.sampled } : {}),
      ...(s.cutModes ? { cutModes: s.cutModes } : {}),
      cleanOps: s.cleanOps,
      opModes: s.opModes,
      ops: s.ops,
      failures: s.failures,
      failedPoints: s.failedPoints,
      violations: s.failedPoints.length,
      fsLossPoints: s.fsLossPoints,
      fsLosses: s.fsLossPoints.length,
      ms: s.ms,
    },
    maxFeedGapMs: s.maxFeedGapMs,
    ms: performance.now() - started,
  };
}
