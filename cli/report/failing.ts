/** What every report says about a scenario's failures, computed once so the formats cannot disagree. */
import type { ScenarioReport, SuiteReport } from '../../scenarios/lab/suite.ts';
import type { JudgedRun } from '../../scenarios/lab/verdict.ts';

export interface Failing {
  /** Runs with details (the clean run, then the first violating points). */
  detailed: JudgedRun[];
  /** Every failing run: the clean run (if it failed) plus every violating point. */
  count: number;
  /** Violating points without details (the cap), as "op/mode". */
  undetailed: string[];
}

export function failingOf(s: ScenarioReport): Failing {
  const clean = s.clean && s.clean.violations.length > 0 ? [s.clean] : [];
  const detailed = [...clean, ...(s.sweep?.failures ?? [])];
  const points = s.sweep?.failedPoints ?? [];
  const shown = s.sweep?.failures.length ?? 0;
  return { detailed, count: clean.length + points.length, undetailed: points.slice(shown).map((p) => `${p.op}/${p.mode}`) };
}

/** "ts, flash littlefs" (plus the updater options when set): the target as a report names it. */
export function targetLabel(report: SuiteReport): string {
  const spec = report.spec;
  if (!spec) return report.target;
  return [`${spec.name}`, `flash ${spec.flash}`, ...(spec.updater ? [`updater ${spec.updater}`] : []), ...(spec.updaterFiles ? ['with updater files'] : [])].join(', ');
}

export const gapText = (ms: number) => `${ms.toFixed(1)} ms`;
