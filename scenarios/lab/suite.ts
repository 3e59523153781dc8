/**
 * The suite: every scenario of the library on one target — a clean run judged by the oracle,
 * then its crash-point sweep. Scenarios whose faults the target cannot produce are skipped with
 * the reason, never counted as passed.
 */
import type { CutMode, Scenario } from '../types.ts';
import type { Target } from '../target.ts';
import type { JudgedRun } from './verdict.ts';
import { sweep } from './sweep.ts';
import { judgeFor } from './context.ts';
import type { SweepPool } from './sweep-pool.ts';

export interface ScenarioReport {
  name: string;
  file: string;
  description: string;
  status: 'passed' | 'failed' | 'skipped';
  skipReason?: string;
  clean: JudgedRun | null;
  sweep: { explored: number; merged: number; cleanOps: number; opModes: CutMode[][]; failures: JudgedRun[]; ms: number } | null;
  ms: number;
}

export interface SuiteReport {
  target: string;
  seed: number;
  scenarios: ScenarioReport[];
  totals: { passed: number; failed: number; skipped: number; explored: number; violations: number; ms: number };
}

export interface SuiteOptions {
  seed: number;
  sweep: boolean;
  /** Sweep on worker threads (one shard per worker); absent: in this thread. */
  pool?: SweepPool;
  maxFailuresPerScenario?: number;
  onScenarioStart?: (name: string, index: number, total: number) => void;
  onPoint?: (done: number, total: number) => void;
  onScenarioEnd?: (report: ScenarioReport) => void;
}

export async function runSuite(target: Target, scenarios: { file: string; scenario: Scenario }[], opts: SuiteOptions): Promise<SuiteReport> {
  const started = performance.now();
  const reports: ScenarioReport[] = new Array(scenarios.length);
  // With a pool, scenarios run side by side (one per worker); reports keep the library's order.
  const lanes = opts.pool?.size ?? 1;
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < scenarios.length; i = next++) {
      const { file, scenario } = scenarios[i]!;
      opts.onScenarioStart?.(scenario.name, i, scenarios.length);
      const report = await runOne(target, file, scenario, opts);
      reports[i] = report;
      opts.onScenarioEnd?.(report);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const totals = { passed: 0, failed: 0, skipped: 0, explored: 0, violations: 0, ms: performance.now() - started };
  for (const r of reports) {
    totals[r.status]++;
    totals.explored += r.sweep?.explored ?? 0;
    totals.violations += r.sweep?.failures.length ?? 0;
  }
  return { target: target.name, seed: opts.seed, scenarios: reports, totals };
}

async function runOne(target: Target, file: string, scenario: Scenario, opts: SuiteOptions): Promise<ScenarioReport> {
  const started = performance.now();
  const base = { name: scenario.name, file, description: scenario.description };
  const reasons = [target.cannotRun?.(scenario) ?? null, ...(scenario.faults ?? []).map((f) => target.cannot(f))].filter((r): r is string => r !== null);
  if (reasons.length > 0) {
    return { ...base, status: 'skipped', skipReason: reasons.join('; '), clean: null, sweep: null, ms: performance.now() - started };
  }
  const maxBoots = scenario.maxBoots ?? 8;
  const judge = judgeFor(scenario);
  if (!opts.sweep || scenario.sweep === false) {
    const s = await sweep(target, scenario, file, { seed: opts.seed, maxBoots, judge, cleanOnly: true });
    const failed = s.clean.violations.length > 0;
    return { ...base, status: failed ? 'failed' : 'passed', clean: s.clean, sweep: null, ms: performance.now() - started };
  }
  const maxFailures = opts.maxFailuresPerScenario ?? 20;
  const s = opts.pool
    ? await opts.pool.sweepWhole(target.name, scenario, file, { seed: opts.seed, maxBoots, maxFailures })
    : await sweep(target, scenario, file, { seed: opts.seed, maxBoots, judge, onPoint: opts.onPoint, maxFailures });
  const failed = s.clean.violations.length > 0 || s.failures.length > 0;
  return {
    ...base,
    status: failed ? 'failed' : 'passed',
    clean: s.clean,
    sweep: { explored: s.explored, merged: s.merged, cleanOps: s.cleanOps, opModes: s.opModes, failures: s.failures, ms: s.ms },
    ms: performance.now() - started,
  };
}
