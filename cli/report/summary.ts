/** The readable summary: one row per scenario, totals, then every failure with its replay command. */
import type { SuiteReport } from '../../scenarios/lab/suite.ts';

export function summaryText(report: SuiteReport): string {
  const rows = report.scenarios.map((s) => [
    s.status === 'passed' ? 'pass' : s.status === 'failed' ? 'FAIL' : 'skip',
    s.name,
    s.sweep ? String(s.sweep.cleanOps) : '-',
    s.sweep ? String(s.sweep.explored) : '-',
    s.sweep ? String(s.sweep.failures.length) : '-',
    `${(s.ms / 1000).toFixed(2)}`,
  ]);
  const head = ['result', 'scenario', 'flash ops', 'fault points', 'violations', 'seconds'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const t = report.totals;
  out.push(
    '',
    `target ${report.target}, seed ${report.seed}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped; ` +
      `${t.explored} fault points explored, ${t.violations} violations in ${(t.ms / 1000).toFixed(1)} s`,
  );
  for (const s of report.scenarios) {
    if (s.status === 'skipped') out.push(`skipped ${s.name}: ${s.skipReason}`);
    const failing = [...(s.clean && s.clean.violations.length > 0 ? [s.clean] : []), ...(s.sweep?.failures ?? [])];
    for (const f of failing.slice(0, 5)) {
      out.push('', `FAIL ${s.name}`);
      for (const v of f.violations) out.push(`  ${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`);
      out.push(`  replay: ${f.replay}`);
    }
    if (failing.length > 5) out.push(`  … and ${failing.length - 5} more failing runs in ${s.name}`);
  }
  return out.join('\n') + '\n';
}
