/** The readable summary: one row per scenario, totals, then every failure with its replay command. */
import type { SuiteReport } from '../../scenarios/lab/suite.ts';
import { failingOf, fsLossesOf, fsLossLine, gapText, notApplicableLine, targetLabel } from './failing.ts';

/** Failing runs printed in full per scenario; the rest are counted and named by their point. */
const DETAILED = 5;

export function summaryText(report: SuiteReport): string {
  const rows = report.scenarios.map((s) => [
    s.status === 'passed' ? 'pass' : s.status === 'failed' ? 'FAIL' : s.status === 'fs-loss' ? 'fs-loss' : s.status === 'error' ? 'ERROR' : 'skip',
    s.name,
    s.sweep ? String(s.sweep.cleanOps) : '-',
    s.sweep ? String(s.sweep.explored) : '-',
    s.sweep ? String(s.sweep.violations) : '-',
    String(fsLossesOf(s).points.length),
    s.clean ? s.maxFeedGapMs.toFixed(1) : '-',
    `${(s.ms / 1000).toFixed(2)}`,
  ]);
  const head = ['result', 'scenario', 'flash ops', 'fault points', 'violations', 'FAT losses', 'max feed gap ms', 'seconds'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const t = report.totals;
  out.push(
    '',
    `target ${targetLabel(report)}: ${t.passed} passed, ${t.failed} failed, ${t.fsLoss > 0 ? `${t.fsLoss} with FAT losses only, ` : ''}${t.skipped} skipped${t.error > 0 ? `, ${t.error} rig errors (no verdict)` : ''}; ` +
      `${t.explored} fault points explored${notRunText(report)}, ${t.violations} violations${t.fsLosses > 0 ? `, ${t.fsLosses} FAT losses` : ''}; max watchdog feed gap ${gapText(t.maxFeedGapMs)}; ${(t.ms / 1000).toFixed(1)} s`,
  );
  const fat = fsLossLine(report);
  if (fat !== null) out.push(fat);
  const na = notApplicableLine(report);
  if (na !== null) out.push(na);
  for (const s of report.scenarios) {
    if (s.status === 'skipped') out.push(`skipped ${s.name}: ${s.skipReason}`);
    if (s.status === 'error') out.push(`ERROR ${s.name}: the rig failed, no verdict: ${s.targetError}`);
    if (s.invalid !== undefined) out.push('', `FAIL ${s.file}: invalid scenario`, ...s.invalid.split('\n').map((l) => `  ${l}`));
    const failing = failingOf(s);
    for (const f of failing.detailed.slice(0, DETAILED)) {
      out.push('', `FAIL ${s.name}`);
      for (const v of f.violations) out.push(`  ${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`);
      out.push(`  replay: ${f.replay}`);
    }
    const losses = fsLossesOf(s);
    if (losses.points.length > 0) {
      const shown = losses.points.slice(0, 20).join(' ');
      const rest = losses.points.length > 20 ? ` … and ${losses.points.length - 20} more` : '';
      out.push('', `FAT LOSS ${s.name}: ${losses.points.length} point${losses.points.length === 1 ? '' : 's'} (cut op/mode: ${shown}${rest}); entries FAT destroyed: ${losses.lost.join(', ')}`);
    }
    const more = failing.count - Math.min(DETAILED, failing.detailed.length);
    if (more > 0) {
      const notShown = [...failing.detailed.slice(DETAILED).map((f) => cutName(f.faults)), ...failing.undetailed];
      out.push(`  … and ${more} more failing runs in ${s.name} (cut op/mode: ${notShown.join(' ')})`);
    }
  }
  return out.join('\n') + '\n';
}

/** A sampled sweep says how many points it left out: they are not passed, just not run. */
export function notRunText(report: SuiteReport): string {
  const n = report.scenarios.reduce((sum, s) => sum + (s.sweep?.notRun ?? 0), 0);
  return n > 0 ? ` (${n} more not run: sampled)` : '';
}

function cutName(faults: { kind: string; op?: number; mode?: string }[]): string {
  const last = faults.at(-1);
  return last?.kind === 'power-cut' ? `${last.op}/${last.mode ?? 'before'}` : 'clean';
}
