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
  const clean = s.clean && s.clean.violations.length > 0 && s.clean.fsLoss === undefined ? [s.clean] : [];
  const detailed = [...clean, ...(s.sweep?.failures ?? [])];
  const points = s.sweep?.failedPoints ?? [];
  const shown = s.sweep?.failures.length ?? 0;
  return { detailed, count: clean.length + points.length, undetailed: points.slice(shown).map((p) => `${p.op}/${p.mode}`) };
}

/** A scenario's filesystem-loss points (FAT's own losses, fs-loss.ts): "op/mode" each ("clean" for the clean run) and every entry lost. */
export function fsLossesOf(s: ScenarioReport): { points: string[]; lost: string[] } {
  const points = [...(s.clean?.fsLoss !== undefined ? ['clean'] : []), ...(s.sweep?.fsLossPoints ?? []).map((p) => `${p.op}/${p.mode}`)];
  const lost = new Set([...(s.clean?.fsLoss ?? []), ...(s.sweep?.fsLossPoints ?? []).flatMap((p) => p.lost)]);
  return { points, lost: [...lost].sort() };
}

/**
 * The line every format prints when FAT lost entries (null when it lost none): a release engineer
 * must see it plainly, though it fails nothing the updater could have done.
 */
export function fsLossLine(report: SuiteReport): string | null {
  const t = report.totals;
  if (t.fsLosses === 0) return null;
  const scenarios = report.scenarios.filter((s) => fsLossesOf(s).points.length > 0).length;
  return `FAT lost neighbour entries at ${t.fsLosses} fault point${t.fsLosses === 1 ? '' : 's'} in ${scenarios} scenario${scenarios === 1 ? '' : 's'}: FAT is not power-safe; littlefs is. ` +
    'At each, every violation follows from directory entries the torn FAT sector itself destroyed (the same cut with them kept breaks nothing): not an updater failure.';
}

/** "ts, flash littlefs" (plus the updater options when set): the target as a report names it. */
export function targetLabel(report: SuiteReport): string {
  const spec = report.spec;
  if (!spec) return report.target;
  return [`${spec.name}`, `flash ${spec.flash}`, ...(spec.updater ? [`updater ${spec.updater}`] : []), ...(spec.updaterFiles ? ['with updater files'] : [])].join(', ');
}

export const gapText = (ms: number) => `${ms.toFixed(1)} ms`;

/** Every check not applicable to the foreign updater in this suite, sorted (empty for ours). */
export function notApplicableOf(report: SuiteReport): string[] {
  return [...new Set(report.scenarios.flatMap((s) => s.notApplicable ?? []))].sort();
}

/** The summary's line for a foreign updater, or null. */
export function notApplicableLine(report: SuiteReport): string | null {
  if (report.updater === undefined) return null;
  return `updater ${report.updater} is not otalab's: judged on what every updater must guarantee (atomic, consistent, contained, live, watchdog-safe, secret-safe, end version); not applicable (our updater's policy): ${notApplicableOf(report).join(', ')}`;
}
