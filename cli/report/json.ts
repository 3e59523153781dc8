/** The `suite --json` line: the documented object, one line, every count exact. */
import type { SuiteReport } from '../../scenarios/lab/suite.ts';

export function suiteJson(report: SuiteReport): string {
  const t = report.totals;
  return JSON.stringify({
    target: report.target,
    flash: report.spec?.flash,
    scenarios: { passed: t.passed, failed: t.failed, skipped: t.skipped },
    faultPoints: { explored: t.explored, violations: t.violations },
    maxFeedGapMs: t.maxFeedGapMs,
  });
}
