/** `otalab fleet`'s terminal summary: the verdict, an hourly table, the releases, the goals, the advice. */
import type { FleetReport } from '../../scenarios/lab/fleet/fleet-report.ts';

/** Versions in the order they first appear over the run (the installed one first). */
export function versionsOf(r: FleetReport): string[] {
  const seen: string[] = [];
  for (const h of r.hoursTable) for (const v of Object.keys(h.versions)) if (!seen.includes(v)) seen.push(v);
  return seen;
}

export function fleetVerdict(r: FleetReport): string {
  const failed = r.goals.filter((g) => !g.passed).length;
  return failed === 0 ? `passed (${r.goals.length} goals)` : `FAILED (${failed} of ${r.goals.length} goals)`;
}

const hoursText = (h: number | null | undefined) => (h === null || h === undefined ? '-' : `${h} h`);

export function fleetSummaryText(r: FleetReport): string {
  const t = r.totals;
  const versions = versionsOf(r);
  const out: string[] = [];
  out.push(`otalab fleet ${r.scenario}: ${r.devices} boards behind ${r.nat} address${r.nat === 1 ? '' : 'es'} (${r.rateLimitPerHour} API requests/h for ${r.budgetScope}), ${r.hours} h, seed ${r.seed} — ${fleetVerdict(r)}`);
  out.push(`  ${t.checks} checks, ${r.boots} boots; outcomes: ${r.outcomes.updated} updated, ${r.outcomes['up-to-date']} up to date, ${r.outcomes.deferred} deferred, ${r.outcomes.failed} failed${r.stuck > 0 ? `; ${r.stuck} boards stuck (hung, no watchdog)` : ''}`);
  out.push(`  requests: ${t.requests} (${t.api} API): ${t.ok200} × 200, ${t.notModified304} × 304, ${t.rateLimited403} × 403 rate limit, ${t.other} other; ${r.apiRequestsPerIdleCheck} API requests per idle check`);
  out.push(`  wall time ${(r.wallMs / 1000).toFixed(1)} s`);
  out.push('');
  const cols = ['hour', 'checks', 'requests', '200', '304', '403 rl', 'other', ...versions];
  const width = cols.map((c) => Math.max(6, c.length));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(width[i]!)).join(' ');
  out.push(line(cols));
  for (const h of r.hoursTable) out.push(line([h.hour, h.checks, h.requests, h.ok200, h.notModified304, h.rateLimited403, h.other, ...versions.map((v) => h.versions[v] ?? 0)]));
  out.push(line(['total', t.checks, t.requests, t.ok200, t.notModified304, t.rateLimited403, t.other, ...versions.map(() => '')]));
  out.push('  (boards per version at each hour\'s end; 403 rl: rate-limit 403s)');
  out.push('');
  const percents = [...new Set(r.releases.flatMap((x) => Object.keys(x.reached)))].sort((a, b) => Number(a) - Number(b));
  out.push(['release'.padEnd(10), 'version'.padEnd(10), 'published'.padStart(9), ...percents.map((p) => `${p} %`.padStart(8)), 'installs'.padStart(9), 'rollbacks'.padStart(9), 'at end'.padStart(7)].join(' '));
  for (const x of r.releases) {
    out.push([x.tag.padEnd(10), x.version.padEnd(10), (x.publishedAtHour === null ? 'never' : `${x.publishedAtHour} h`).padStart(9), ...percents.map((p) => hoursText(x.reached[p]).padStart(8)), String(x.installs).padStart(9), String(x.rollbacks).padStart(9), String(x.atEnd).padStart(7)].join(' '));
  }
  out.push('  (time to reach N % of boards, counted from the release\'s publication)');
  out.push('');
  out.push('goals:');
  for (const g of r.goals) out.push(`  ${g.passed ? 'ok  ' : 'FAIL'} ${g.name}: ${g.measured}`);
  if (r.advice) {
    out.push('');
    out.push(`what would meet the budget: ${r.advice}`);
  }
  return out.join('\n') + '\n';
}
