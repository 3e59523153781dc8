/** The `suite --json` line: the documented object, one line, every count exact. */
import type { SuiteReport } from '../../scenarios/lab/suite.ts';
import { notApplicableOf } from './failing.ts';

export function suiteJson(report: SuiteReport): string {
  const t = report.totals;
  return JSON.stringify({
    target: report.target,
    flash: report.spec?.flash,
    // `error` (a rig failed, no verdict) exists only where a rig can fail: on board targets.
    scenarios: { passed: t.passed, failed: t.failed, fsLoss: t.fsLoss, skipped: t.skipped, ...(t.error > 0 || report.target.startsWith('board:') ? { error: t.error } : {}) },
    // fsLosses: points whose every violation is FAT's own loss (not the updater's), counted apart.
    faultPoints: { explored: t.explored, violations: t.violations, fsLosses: t.fsLosses },
    maxFeedGapMs: t.maxFeedGapMs,
    // A foreign updater: judged on the guarantees; our policy's checks are not applicable.
    ...(report.updater !== undefined ? { updater: report.updater, notApplicable: notApplicableOf(report) } : {}),
  });
}
