/**
 * The certification report in HTML: what was certified (board facts, otalab, Node, date), a table
 * of every run (scenario × cut) with its verdict, failures and rig errors first, and per run a
 * timeline with one lane each for power, USB presence, console, REPL, HTTP (faults in red), kit
 * markers, boots and the verdict. Hovering a mark names it.
 */
import { LANES, type Mark } from './timeline.ts';
import type { Certification, CertifiedRun } from './certification.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ORDER = { failed: 0, error: 1, 'not-judged': 2, passed: 3, skipped: 4 } as const;
const COLOUR = { failed: '#d33', error: '#a0a', 'not-judged': '#888', passed: '#3a3', skipped: '#aaa' } as const;
const LANE_H = 16;
const WIDTH = 900;

function timeline(run: CertifiedRun): string {
  const marks: Mark[] = run.record?.timeline.marks ?? [];
  if (marks.length === 0) return '<p class="muted">no timeline (the scenario did not run on the board)</p>';
  const end = Math.max(1, ...marks.map((m) => m.endMs ?? m.atMs));
  const x = (ms: number) => 70 + (ms / end) * (WIDTH - 80);
  const parts: string[] = LANES.map((lane, i) => `<text x="0" y="${i * LANE_H + 12}" font-size="10">${lane}</text><line x1="70" x2="${WIDTH - 10}" y1="${i * LANE_H + 8}" y2="${i * LANE_H + 8}" stroke="#eee"/>`);
  for (const m of marks) {
    const row = LANES.indexOf(m.lane);
    const colour = m.bad ? '#d33' : m.lane === 'verdict' ? COLOUR[run.verdict] : '#47a';
    const title = `<title>${esc(`${(m.atMs / 1000).toFixed(3)} s ${m.lane}: ${m.what}${m.endMs !== undefined ? ` (${((m.endMs - m.atMs) / 1000).toFixed(3)} s)` : ''}`)}</title>`;
    parts.push(
      m.endMs !== undefined
        ? `<rect class="mark ${m.lane}${m.bad ? ' bad' : ''}" x="${x(m.atMs).toFixed(1)}" y="${row * LANE_H + 3}" width="${Math.max(2, x(m.endMs) - x(m.atMs)).toFixed(1)}" height="10" fill="${colour}">${title}</rect>`
        : `<circle class="mark ${m.lane}${m.bad ? ' bad' : ''}" cx="${x(m.atMs).toFixed(1)}" cy="${row * LANE_H + 8}" r="4" fill="${colour}">${title}</circle>`,
    );
  }
  parts.push(`<text x="${WIDTH - 60}" y="${LANES.length * LANE_H + 10}" font-size="10">${(end / 1000).toFixed(1)} s</text>`);
  return `<svg class="timeline" width="${WIDTH}" height="${LANES.length * LANE_H + 14}" role="img" aria-label="timeline of ${esc(run.scenario.name)} ${esc(run.point)}">${parts.join('')}</svg>`;
}

function runSection(run: CertifiedRun, i: number): string {
  const v = run.violations.map((x) => `<li><b>${esc(x.invariant)}</b>${x.boot !== undefined ? ` (boot ${x.boot})` : ''}: ${esc(x.message)}</li>`).join('');
  const why = run.verdict === 'error' ? `<p class="bad">rig error, no verdict: ${esc(run.record?.rigErrors.join('; ') || run.scenario.targetError || '')}</p>` : run.verdict === 'skipped' ? `<p class="muted">${esc(run.scenario.skipReason ?? '')}</p>` : '';
  return `<section id="run-${i}" class="${run.verdict}"><h3>${esc(run.scenario.name)} — ${esc(run.point === 'clean' ? 'clean run' : `cut ${run.point}`)}: ${run.verdict}</h3>
${why}${v ? `<ul>${v}</ul>` : ''}${run.replay ? `<p><code>${esc(run.replay)}</code></p>` : ''}${run.record ? `<p class="muted">cut method: ${esc(run.record.cutMethod)}; attempts: ${run.record.attempts}</p>` : ''}
${timeline(run)}</section>`;
}

export function certificationHtml(certs: readonly Certification[]): string {
  const body = certs.map((c) => {
    const runs = [...c.runs].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
    const n = (v: keyof typeof ORDER) => c.runs.filter((r) => r.verdict === v).length;
    const verdict = n('failed') > 0 ? '<b class="bad">FAILED</b>' : n('error') > 0 ? '<b class="bad">INCOMPLETE: rig errors</b>' : '<b class="good">passed</b>';
    const facts = Object.entries({ ...c.board.facts, target: c.suite.target, otalab: c.about.otalab, Node: c.about.node, date: c.about.date, host: c.about.hostname });
    const rows = runs.map((r, i) => `<tr class="${r.verdict}"><td style="color:${COLOUR[r.verdict]}">${r.verdict}</td><td><a href="#run-${i}">${esc(r.scenario.name)}</a></td><td>${esc(r.point)}</td><td>${r.record ? (r.record.timeline.elapsedMs / 1000).toFixed(1) : '-'}</td><td>${esc(r.record?.cutMethod ?? '-')}</td></tr>`);
    return `<h1>otalab hil — board ${esc(c.board.id)}: ${verdict}</h1>
<p>${c.runs.length} runs: ${n('passed')} passed, ${n('failed')} failed, ${n('error')} rig errors (no verdict), ${n('skipped')} skipped${n('not-judged') > 0 ? `, ${n('not-judged')} not judged` : ''}</p>
<dl class="certified">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<table><thead><tr><th>verdict</th><th>scenario</th><th>cut</th><th>s</th><th>cut method</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="legend">Timelines: wall-clock seconds since the run began; one lane each for ${LANES.join(', ')}; red marks are faults (link faults the LAN applied, rig errors); hover a mark to read it.</p>
${runs.map(runSection).join('\n')}`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>otalab hil certification</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}section{border-left:4px solid #3a3;padding:.2em 1em;margin:1em 0}section.failed{border-color:#d33}section.error{border-color:#a0a}section.skipped{border-color:#aaa}
.muted{color:#666}.bad{color:#c00}.good{color:#080}table{border-collapse:collapse}td,th{padding:.15em .6em;border-bottom:1px solid #eee;text-align:left}
dl.certified{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.certified dt{color:#666}dl.certified dd{margin:0}svg{display:block}</style></head>
<body>${body.join('\n')}</body></html>
`;
}
