/**
 * The HTML report: per scenario a crash map — one column per flash operation of the clean run,
 * one row per cut mode — green where the oracle passed, red where it failed, grey where that cut
 * leaves the same state as another mode at the same op (merged, not run). Failures are listed with their replay commands below.
 */
import type { SuiteReport, ScenarioReport } from '../../scenarios/lab/suite.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const MODES = ['before', 'after', 'torn'] as const;

function crashMap(s: ScenarioReport): string {
  if (!s.sweep) return '<p class="muted">no sweep</p>';
  const n = s.sweep.cleanOps;
  if (n === 0) return '<p class="muted">the clean run wrote nothing to flash: no operation to cut</p>';
  const cell = Math.max(2, Math.min(8, Math.floor(900 / Math.max(1, n))));
  const failed = new Set<string>();
  for (const f of s.sweep.failures) {
    for (const fault of f.faults) if (fault.kind === 'power-cut') failed.add(`${fault.op}:${fault.mode ?? 'before'}`);
  }
  const rects: string[] = [];
  MODES.forEach((mode, row) => {
    for (let op = 0; op < n; op++) {
      const swept = s.sweep!.opModes[op]?.includes(mode) ?? true;
      const colour = !swept ? '#ccc' : failed.has(`${op}:${mode}`) ? '#d33' : '#3a3';
      const what = swept ? `op ${op}, cut ${mode}` : `op ${op}, cut ${mode}: same state as another mode here (merged)`;
      rects.push(`<rect x="${60 + op * cell}" y="${row * 14}" width="${cell - (cell > 3 ? 1 : 0)}" height="12" fill="${colour}"><title>${what}</title></rect>`);
    }
    rects.push(`<text x="0" y="${row * 14 + 10}" font-size="10">${mode}</text>`);
  });
  return `<svg width="${60 + n * cell}" height="44" role="img" aria-label="crash map">${rects.join('')}</svg>`;
}

export function htmlReport(report: SuiteReport): string {
  const t = report.totals;
  const sections = report.scenarios.map((s) => {
    const failing = [...(s.clean && s.clean.violations.length > 0 ? [s.clean] : []), ...(s.sweep?.failures ?? [])];
    const list = failing
      .map((f) => `<li>${f.violations.map((v) => `<b>${esc(v.invariant)}</b>: ${esc(v.message)}`).join('<br>')}<br><code>${esc(f.replay)}</code></li>`)
      .join('');
    return `<section class="${s.status}"><h2>${esc(s.name)} — ${s.status}</h2><p>${esc(s.description)}</p>
${s.skipReason ? `<p class="muted">${esc(s.skipReason)}</p>` : crashMap(s)}
${s.sweep ? `<p class="muted">${s.sweep.cleanOps} flash ops, ${s.sweep.explored} fault points, ${s.sweep.merged} points merged (same state as another cut mode at that op)</p>` : ''}
${list ? `<ul>${list}</ul>` : ''}</section>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>otalab suite — ${esc(report.target)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}section{border-left:4px solid #3a3;padding:.2em 1em;margin:1em 0}
section.failed{border-color:#d33}section.skipped{border-color:#aaa}.muted{color:#666}code{background:#f4f4f4;padding:0 .3em}svg{display:block}</style></head>
<body><h1>otalab suite — target ${esc(report.target)}, seed ${report.seed}</h1>
<p>${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped · ${t.explored} fault points explored, ${t.violations} violations · ${(t.ms / 1000).toFixed(1)} s</p>
${sections.join('\n')}</body></html>
`;
}
