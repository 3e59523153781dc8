/**
 * A certification: what ran on which board, run by run (scenario × cut), with its verdict as the
 * suite judged it, how each cut was made, and each run's timeline. JUnit (junit.ts) and HTML
 * (html.ts) render it; neither judges anything itself.
 */
import type { ScenarioReport, SuiteReport } from '../../scenarios/lab/suite.ts';
import type { Violation } from '../../scenarios/lab/verdict.ts';
/** What was certified, as cli/report/certified.ts reads it (hil/ may not import cli/). */
export interface Certified {
  otalab: string;
  node: string;
  micropython: string;
  date: string;
  hostname: string;
}
import type { RunRecord } from '../target/board-target.ts';

export interface BoardFacts {
  id: string;
  /** Rig file (or `virtual`), serial number, port, power method, MicroPython version, sha256 of the installed updater files. */
  facts: Record<string, string>;
}

export type RunVerdict = 'passed' | 'failed' | 'error' | 'skipped' | 'not-judged';

export interface CertifiedRun {
  record: RunRecord | null;
  scenario: ScenarioReport;
  /** `clean`, or the cut as `op/mode`. */
  point: string;
  verdict: RunVerdict;
  violations: Violation[];
  replay?: string;
}

export interface Certification {
  board: BoardFacts;
  suite: SuiteReport;
  about: Certified;
  runs: CertifiedRun[];
}

const pointOf = (r: RunRecord) =>
  r.cut === null ? 'clean'
  : 'atMs' in r.cut ? `t+${r.cut.atMs}ms`
  : 'afterBytes' in r.cut ? `${r.cut.afterBytes}B${r.cut.urlIncludes !== undefined ? ` of ${r.cut.urlIncludes}` : ''}`
  : `${r.cut.op}/${r.cut.mode}`;

/** Each run record with the suite's verdict for its point; a skipped or errored scenario gets one entry. */
export function certify(board: BoardFacts, suite: SuiteReport, records: readonly RunRecord[], about: Certified): Certification {
  const runs: CertifiedRun[] = [];
  for (const s of suite.scenarios) {
    const mine = records.filter((r) => r.scenario === s.name);
    if (s.status === 'skipped' || mine.length === 0) {
      runs.push({ record: null, scenario: s, point: 'clean', verdict: s.status === 'error' ? 'error' : s.status === 'skipped' ? 'skipped' : 'not-judged', violations: [] });
      continue;
    }
    const failed = new Set(s.sweep?.failedPoints.map((p) => `${p.op}/${p.mode}`) ?? []);
    const details = new Map((s.sweep?.failures ?? []).map((f) => {
      const c = f.faults.at(-1);
      return [c?.kind === 'power-cut' ? `${c.op}/${c.mode ?? 'before'}` : 'clean', f] as const;
    }));
    for (const r of mine) {
      const point = pointOf(r);
      const errored = r.rigErrors.length >= r.attempts;
      if (errored) {
        runs.push({ record: r, scenario: s, point, verdict: 'error', violations: [] });
        continue;
      }
      if (point === 'clean') {
        const v = s.clean?.violations ?? [];
        runs.push({ record: r, scenario: s, point, verdict: s.clean === null ? 'not-judged' : v.length > 0 ? 'failed' : 'passed', violations: v, ...(s.clean ? { replay: s.clean.replay } : {}) });
        continue;
      }
      const detail = details.get(point);
      runs.push({ record: r, scenario: s, point, verdict: failed.has(point) ? 'failed' : 'passed', violations: detail?.violations ?? [], ...(detail ? { replay: detail.replay } : {}) });
    }
  }
  // The verdict closes each run's timeline, after its last mark.
  for (const r of runs) {
    if (!r.record) continue;
    const end = Math.max(0, ...r.record.timeline.marks.map((m) => m.endMs ?? m.atMs));
    const what = r.verdict === 'failed' ? `failed: ${[...new Set(r.violations.map((v) => v.invariant))].join(', ')}` : r.verdict;
    r.record.timeline.mark('verdict', what, { atMs: end, bad: r.verdict === 'failed' || r.verdict === 'error' });
  }
  return { board, suite, about, runs };
}
