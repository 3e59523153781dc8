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

export interface SweepOptions {
  seed: number;
  maxBoots: number;
  /** Judge the clean run only. */
  cleanOnly?: boolean;
  /** Restrict to one point (replay). */
  only?: { op: number; mode: CutMode };
  /** Shard i of n (1-based), so CI matrix jobs split one sweep deterministically. */
  shard?: { index: number; count: number };
  judge: Judge;
  onPoint?: (done: number, total: number) => void;
  /** Stop after this many violations (the rest are still counted as explored). */
  maxFailures?: number;
  /** Stop exploring once this much wall time has passed (benchmarks); the result says how far it got. */
  budgetMs?: number;
}

export interface SweepResult {
  clean: JudgedRun;
  cleanOps: number;
  /** Fault points selected; `explored` is how many ran (fewer only when a budget stopped it). */
  total: number;
  explored: number;
  /** Per op of the clean run, the cut modes swept there (the others were merged). */
  opModes: CutMode[][];
  /** Points skipped because on this flash they leave the same state as another mode at the same op. */
  merged: number;
  failures: JudgedRun[];
  ms: number;
}

const MODES: CutMode[] = ['before', 'after', 'torn'];

export async function sweep(target: Target, scenario: Scenario, file: string, opts: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const base = scenario.faults ?? [];
  const cleanRun = await target.run(scenario, { faults: base, seed: opts.seed, maxBoots: opts.maxBoots });
  const clean: JudgedRun = {
    faults: base,
    violations: opts.judge(cleanRun, []),
    replay: replayCommand({ kind: 'run', file, seed: opts.seed, target: target.name, flags: target.replayFlags }),
  };
  const points: { op: number; mode: CutMode }[] = [];
  let merged = 0;
  for (let op = 0; op < cleanRun.flashOps; op++) {
    const distinct = cleanRun.ops[op]?.modes ?? MODES;
    for (const mode of MODES) {
      if (distinct.includes(mode)) points.push({ op, mode });
      else merged++;
    }
  }
  const selected = points.filter((p, i) => {
    if (opts.cleanOnly) return false;
    if (opts.only) return p.op === opts.only.op && p.mode === opts.only.mode;
    if (opts.shard) return i % opts.shard.count === opts.shard.index - 1;
    return true;
  });
  const failures: JudgedRun[] = [];
  let done = 0;
  for (const point of selected) {
    if (opts.budgetMs !== undefined && performance.now() - started > opts.budgetMs) break;
    const cut: Fault = { kind: 'power-cut', op: point.op, mode: point.mode };
    const faults: Fault[] = [...base, cut];
    // The added cut may cost the board one boot more than the scenario's budget.
    const run = await target.run(scenario, { faults, seed: opts.seed, maxBoots: opts.maxBoots + 1 });
    const violations = opts.judge(run, [cut]);
    if (violations.length > 0 && failures.length < (opts.maxFailures ?? Infinity)) {
      failures.push({ faults, violations, replay: replayCommand({ kind: 'sweep', file, seed: opts.seed, op: point.op, mode: point.mode, target: target.name, flags: target.replayFlags }) });
    }
    done++;
    opts.onPoint?.(done, selected.length);
  }
  const opModes = Array.from({ length: cleanRun.flashOps }, (_, op) => MODES.filter((m) => (cleanRun.ops[op]?.modes ?? MODES).includes(m)));
  return { clean, cleanOps: cleanRun.flashOps, opModes, total: selected.length, explored: done, merged, failures, ms: performance.now() - started };
}
