/**
 * `otalab fleet --html`: one self-contained page (inline SVG, no script, no CDN): the verdict and
 * goals, boards on each version over time (a stacked area per version), requests per hour by
 * status (stacked bars, with the budget the addresses have as a line), releases, and the table.
 */
import type { FleetReport } from '../../scenarios/lab/fleet/fleet-report.ts';
import type { Certified } from './certified.ts';
import { fleetVerdict, versionsOf } from './fleet-summary.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const PALETTE = ['#8c8c8c', '#3a7bd5', '#d33', '#3a3', '#e9a23b', '#8e44ad', '#16a085', '#c0392b'];
const W = 820;
const H = 240;
const LEFT = 50;
const BOTTOM = 24;

function axes(hours: number, max: number, unit: string): string {
  const plotW = W - LEFT - 10;
  const plotH = H - BOTTOM - 10;
  const ticks: string[] = [];
  const step = hours <= 12 ? 1 : hours <= 48 ? 6 : 24;
  for (let h = 0; h <= hours; h += step) {
    const x = LEFT + (h / hours) * plotW;
    ticks.push(`<line x1="${x}" y1="${10 + plotH}" x2="${x}" y2="${14 + plotH}" stroke="#666"/><text x="${x}" y="${H - 6}" font-size="10" text-anchor="middle">${h} h</text>`);
  }
  for (const f of [0, 0.5, 1]) {
    const y = 10 + plotH - f * plotH;
    ticks.push(`<text x="${LEFT - 4}" y="${y + 3}" font-size="10" text-anchor="end">${Math.round(f * max)}</text><line x1="${LEFT}" y1="${y}" x2="${W - 10}" y2="${y}" stroke="#eee"/>`);
  }
  return `${ticks.join('')}<line x1="${LEFT}" y1="${10 + plotH}" x2="${W - 10}" y2="${10 + plotH}" stroke="#666"/><text x="4" y="12" font-size="10">${esc(unit)}</text>`;
}

/** Stacked areas: boards per version at the start (all on the installed one) and at each hour's end. */
export function versionsPlot(r: FleetReport): string {
  const initial = r.initial;
  const versions = versionsOf(r);
  if (!versions.includes(initial)) versions.unshift(initial);
  const hours = r.hoursTable.length;
  const plotW = W - LEFT - 10;
  const plotH = H - BOTTOM - 10;
  const samples = [{ [initial]: r.devices } as Record<string, number>, ...r.hoursTable.map((h) => h.versions)];
  const x = (i: number) => LEFT + (i / hours) * plotW;
  const y = (count: number) => 10 + plotH - (count / r.devices) * plotH;
  const below = samples.map(() => 0);
  const areas = versions.map((v, k) => {
    const lower = below.slice();
    const upper = samples.map((s, i) => (below[i] = below[i]! + (s[v] ?? 0)));
    const pts = [...upper.map((u, i) => `${x(i).toFixed(1)},${y(u).toFixed(1)}`), ...lower.map((l, i) => `${x(i).toFixed(1)},${y(l).toFixed(1)}`).reverse()];
    const end = samples.at(-1)![v] ?? 0;
    return `<polygon class="version" data-version="${esc(v)}" points="${pts.join(' ')}" fill="${PALETTE[k % PALETTE.length]}" fill-opacity="0.85"><title>${esc(`${v}: ${end} boards at the end`)}</title></polygon>`;
  });
  const legend = versions.map((v, k) => `<span><i style="background:${PALETTE[k % PALETTE.length]}"></i>${esc(v)}</span>`).join('');
  return `<svg class="plot versions" width="${W}" height="${H}" role="img" aria-label="boards on each version over time">${axes(hours, r.devices, 'boards')}${areas.join('')}</svg><p class="legend">${legend}</p>`;
}

const STATUSES = [
  ['ok200', '200', '#3a3'],
  ['notModified304', '304', '#3a7bd5'],
  ['rateLimited403', '403 rate limit', '#d33'],
  ['other', 'other', '#e9a23b'],
] as const;

/** Stacked bars per hour by status, and the addresses' hourly budget as a dashed line. */
export function requestsPlot(r: FleetReport): string {
  const hours = r.hoursTable.length;
  const budget = r.budgetPerHour;
  const max = Math.max(budget, ...r.hoursTable.map((h) => h.requests), 1);
  const plotW = W - LEFT - 10;
  const plotH = H - BOTTOM - 10;
  const bw = plotW / hours;
  const bars: string[] = [];
  for (const h of r.hoursTable) {
    let base = 0;
    for (const [key, label, colour] of STATUSES) {
      const v = h[key];
      if (v === 0) continue;
      const y0 = 10 + plotH - ((base + v) / max) * plotH;
      bars.push(`<rect class="bar s${esc(label.split(' ')[0]!)}" data-hour="${h.hour}" x="${(LEFT + h.hour * bw + 0.5).toFixed(1)}" y="${y0.toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${((v / max) * plotH).toFixed(1)}" fill="${colour}"><title>${esc(`hour ${h.hour}: ${v} × ${label} (${h.requests} requests, ${h.api} to the API)`)}</title></rect>`);
      base += v;
    }
  }
  const by = 10 + plotH - (budget / max) * plotH;
  const line = `<line class="budget" x1="${LEFT}" y1="${by.toFixed(1)}" x2="${W - 10}" y2="${by.toFixed(1)}" stroke="#000" stroke-dasharray="4 3"><title>budget: ${budget} API requests an hour (${r.rateLimitPerHour} for ${esc(r.budgetScope)}${r.auth === 'anonymous' && r.nat > 1 ? ` × ${r.nat}` : ''})</title></line>`;
  const legend = STATUSES.map(([, label, colour]) => `<span><i style="background:${colour}"></i>${esc(label)}</span>`).join('') + '<span>- - - the fleet\'s API budget an hour</span>';
  return `<svg class="plot requests" width="${W}" height="${H}" role="img" aria-label="requests per hour by status">${axes(hours, max, 'requests/h')}${bars.join('')}${line}</svg><p class="legend">${legend}</p>`;
}

export function fleetHtml(r: FleetReport, about?: Certified): string {
  const versions = versionsOf(r);
  const t = r.totals;
  const ok = r.goals.every((g) => g.passed);
  const goals = r.goals.map((g) => `<tr class="${g.passed ? 'passed' : 'failed'}"><td>${g.passed ? 'pass' : '<b class="bad">FAIL</b>'}</td><td>${esc(g.name)}</td><td>${esc(g.measured)}</td></tr>`).join('');
  const percents = [...new Set(r.releases.flatMap((x) => Object.keys(x.reached)))].sort((a, b) => Number(a) - Number(b));
  const rel = r.releases
    .map((x) => `<tr><td>${esc(x.tag)}</td><td>${esc(x.version)}</td><td>${x.publishedAtHour === null ? 'never' : `${x.publishedAtHour} h`}</td>${percents.map((p) => `<td>${x.reached[p] === null || x.reached[p] === undefined ? '-' : `${x.reached[p]} h`}</td>`).join('')}<td>${x.installs}</td><td>${x.rollbacks}</td><td>${x.atEnd}</td></tr>`)
    .join('');
  const rows = r.hoursTable
    .map((h) => `<tr><td>${h.hour}</td><td>${h.checks}</td><td>${h.requests}</td><td>${h.api}</td><td>${h.ok200}</td><td>${h.notModified304}</td><td>${h.rateLimited403}</td><td>${h.other}</td>${versions.map((v) => `<td>${h.versions[v] ?? 0}</td>`).join('')}</tr>`)
    .join('');
  const cert = [
    ['otalab', about?.otalab ?? 'unknown'],
    ['Node', about?.node ?? 'unknown'],
    ['date', about?.date ?? 'unknown'],
    ['host', about?.hostname ?? 'unknown'],
    ['command', `npx otalab fleet <scenario> --devices ${r.devices} --nat ${r.nat} --hours ${r.hours} --seed ${r.seed}`],
  ];
  return `<!doctype html><html><head><meta charset="utf-8"><title>otalab fleet — ${esc(r.scenario)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:.5em 0}td,th{padding:.15em .6em;text-align:right;border-bottom:1px solid #eee}
td:nth-child(2),th:nth-child(2){text-align:left}tr.failed{background:#fdecec}.bad{color:#c00}.good{color:#080}.muted{color:#666}svg{display:block;margin:.5em 0}
.legend span{margin-right:1.2em;white-space:nowrap}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
dl.certified{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.certified dt{color:#666}dl.certified dd{margin:0}table.goals td:nth-child(3){text-align:left}</style></head>
<body><h1>otalab fleet — ${esc(r.scenario)}: ${ok ? '<b class="good">' : '<b class="bad">'}${esc(fleetVerdict(r))}</b></h1>
<p>${esc(r.description)}</p>
<p>${r.devices} boards behind ${r.nat} address${r.nat === 1 ? '' : 'es'} (${r.rateLimitPerHour} API requests an hour for ${esc(r.budgetScope)}), ${r.hours} h, seed ${r.seed} · ${t.checks} checks, ${r.boots} boots · ${t.requests} requests (${t.api} API): ${t.ok200} × 200, ${t.notModified304} × 304, <b>${t.rateLimited403} × 403 rate limit</b>, ${t.other} other · ${(r.wallMs / 1000).toFixed(1)} s wall time</p>
<dl class="certified">${cert.map(([k, v]) => `<dt>${esc(k!)}</dt><dd>${esc(v!)}</dd>`).join('')}</dl>
<h2>Goals</h2><table class="goals"><thead><tr><th>result</th><th>goal</th><th>measured</th></tr></thead><tbody>${goals}</tbody></table>
${r.advice ? `<p class="advice"><b>What would meet the budget:</b> ${esc(r.advice)}</p>` : ''}
<h2>Boards on each version</h2>${versionsPlot(r)}
<h2>Requests per hour</h2>${requestsPlot(r)}
<h2>Releases</h2><table class="releases"><thead><tr><th>release</th><th>version</th><th>published</th>${percents.map((p) => `<th>${p} %</th>`).join('')}<th>installs</th><th>rollbacks</th><th>at end</th></tr></thead><tbody>${rel}</tbody></table>
<p class="muted">N %: hours from the release's publication until N % of the boards ran it.</p>
<h2>Hour by hour</h2><table class="hours"><thead><tr><th>hour</th><th>checks</th><th>requests</th><th>API</th><th>200</th><th>304</th><th>403 rate limit</th><th>other</th>${versions.map((v) => `<th>${esc(v)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
</body></html>
`;
}
