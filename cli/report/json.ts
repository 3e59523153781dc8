/** The `suite --json` line: the documented object, one line, every count exact. */
import type { SuiteReport } from '../../scenarios/lab/suite.ts';

export function suiteJson(report: SuiteReport): string {
  const t = report.totals;
  return JSON.stringify({
    target: report.target,
    flash: report.spec?.flash,
    scenarios: { passed: t.passed, failed: t.failed, fsLoss: t.fsLoss, skipped: t.skipped },
    // fsLosses: points whose every violation is FAT's own loss (not the updater's), counted apart.
    faultPoints: { explored: t.explored, violations: t.violations, fsLosses: t.fsLosses },
    maxFeedGapMs: t.maxFeedGapMs,
  });
}
