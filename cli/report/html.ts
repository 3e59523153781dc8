/**
 * The HTML report. First what was certified (otalab commit, Node, MicroPython, target, flash
 * profile, date) and a summary table, failures first; then per scenario a crash map — one column
 * per flash operation of the clean run, one row per cut mode — red where the oracle failed (every
 * violating point, however many), amber where FAT itself destroyed entries and every violation
 * follows from that (a filesystem loss, not the updater's: scenarios/lab/fs-loss.ts), green where
 * it passed, grey where that cut leaves the same state as another mode at the same op (merged, not run). Hovering a cell names the op: kind,
 * path, boot and phase. Failures follow with their replay commands.
 */
import type { SuiteReport, ScenarioReport } from '../../scenarios/lab/suite.ts';
import type { Certified } from './certified.ts';
import { failingOf, fsLossesOf, fsLossLine, gapText, notApplicableLine, targetLabel } from './failing.ts';
import { notRunText } from './summary.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const MODES = ['before', 'after', 'torn'] as const;
const COLOUR = { failed: '#d33', 'fs-loss': '#e9a23b', passed: '#3a3', merged: '#ccc', 'not-run': '#fff', unreachable: '#888' } as const;
const ORDER = { failed: 0, error: 1, 'fs-loss': 2, passed: 3, skipped: 4 } as const;

function opText(s: ScenarioReport, op: number): string {
  const o = s.sweep?.ops[op];
  if (!o) return `op ${op}`;
  return `op ${op}: ${o.kind} ${o.path ?? ''}${o.boot !== undefined ? `, boot ${o.boot}` : ''}${o.phase ? `, ${o.phase}` : ''}`;
}

function crashMap(s: ScenarioReport): string {
  if (!s.sweep) return '<p class="muted">no sweep</p>';
  const n = s.sweep.cleanOps;
  if (n === 0) return '<p class="muted">the clean run wrote nothing to flash: no operation to cut</p>';
  const cell = Math.max(2, Math.min(8, Math.floor(900 / Math.max(1, n))));
  const failed = new Set(s.sweep.failedPoints.map((p) => `${p.op}:${p.mode}`));
  const lost = new Map(s.sweep.fsLossPoints.map((p) => [`${p.op}:${p.mode}`, p.lost]));
  const sampled = s.sweep.sampled ? new Set(s.sweep.sampled.map((p) => `${p.op}:${p.mode}`)) : null;
  const reach = s.sweep.cutModes;
  const rects: string[] = [];
  MODES.forEach((mode, row) => {
    for (let op = 0; op < n; op++) {
      const swept = s.sweep!.opModes[op]?.includes(mode) ?? true;
      const key = `${op}:${mode}`;
      const state = reach && !reach.includes(mode) ? 'unreachable' : !swept ? 'merged' : failed.has(key) ? 'failed' : lost.has(key) ? 'fs-loss' : sampled && !sampled.has(key) ? 'not-run' : 'passed';
      const verdict = {
        unreachable: 'this target cannot make this cut (a reset cannot tear a write): not run',
        'not-run': 'not run (the sweep was sampled): no verdict',
        merged: 'same state as another mode here (merged, not run)',
        failed: 'VIOLATION',
        'fs-loss': `FAT LOSS: the torn directory sector destroyed ${lost.get(key)?.join(', ')}; every violation follows from that`,
        passed: 'all invariants hold',
      }[state];
      const what = `${opText(s, op)} — cut ${mode}: ${verdict}`;
      rects.push(`<rect class="cell ${state}" data-op="${op}" data-mode="${mode}" x="${60 + op * cell}" y="${row * 14}" width="${cell - (cell > 3 ? 1 : 0)}" height="12" fill="${COLOUR[state]}"${state === 'not-run' ? ' stroke="#bbb"' : ''}><title>${esc(what)}</title></rect>`);
    }
    rects.push(`<text x="0" y="${row * 14 + 10}" font-size="10">${mode}</text>`);
  });
  return `<svg width="${60 + n * cell}" height="44" role="img" aria-label="crash map of ${esc(s.name)}">${rects.join('')}</svg>`;
}

const legend = `<p class="legend">Crash map: one column per flash operation of the clean run (hover a cell: the op's kind, path, boot and phase), one row per cut mode.
<span><i style="background:${COLOUR.failed}"></i>power cut there breaks an invariant</span>
<span><i style="background:${COLOUR['fs-loss']}"></i>FAT itself destroyed directory entries there and every violation follows from that (not the updater's)</span>
<span><i style="background:${COLOUR.passed}"></i>all invariants hold</span>
<span><i style="background:${COLOUR.merged}"></i>same state as another mode at that op (merged, not run)</span>
<span><i style="background:${COLOUR['not-run']};outline:1px solid #bbb"></i>not run: the sweep was sampled (no verdict)</span>
<span><i style="background:${COLOUR.unreachable}"></i>a cut this target cannot make (not run)</span></p>`;

function statusMark(s: ScenarioReport): string {
  if (s.status === 'error') return '<b class="bad">RIG ERROR</b>';
  return s.status === 'failed' ? '<b class="bad">FAIL</b>' : s.status === 'fs-loss' ? '<b class="warn">FAT loss</b>' : s.status === 'passed' ? 'pass' : 'skip';
}

function summaryTable(scenarios: ScenarioReport[]): string {
  const rows = scenarios.map((s) => {
    const f = failingOf(s);
    return `<tr class="${s.status}"><td>${statusMark(s)}</td><td><a href="#s-${esc(s.file)}">${esc(s.name)}</a></td><td>${s.sweep?.cleanOps ?? '-'}</td><td>${s.sweep?.explored ?? '-'}</td><td>${s.sweep ? s.sweep.violations : '-'}</td><td>${s.invalid !== undefined ? 'invalid' : f.count}</td><td>${fsLossesOf(s).points.length}</td><td>${s.clean ? s.maxFeedGapMs.toFixed(1) : '-'}</td><td>${(s.ms / 1000).toFixed(2)}</td></tr>`;
  });
  return `<table class="summary"><thead><tr><th>result</th><th>scenario</th><th>flash ops</th><th>fault points</th><th>violations</th><th>failing runs</th><th>FAT losses</th><th>max feed gap ms</th><th>s</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function section(s: ScenarioReport): string {
  const failing = failingOf(s);
  const list = failing.detailed
    .map((f) => `<li>${f.violations.map((v) => `<b>${esc(v.invariant)}</b>${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${esc(v.message)}`).join('<br>')}<br><code>${esc(f.replay)}</code></li>`)
    .join('');
  const losses = fsLossesOf(s);
  const fat = losses.points.length > 0
    ? `<p class="warn">FAT lost neighbour entries at ${losses.points.length} point${losses.points.length === 1 ? '' : 's'} (cut op/mode: ${esc(losses.points.join(' '))}); entries it destroyed: ${esc(losses.lost.join(', '))}. Every violation there follows from them: not the updater's.</p>`
    : '';
  const more = failing.undetailed.length > 0 ? `<p>… and ${failing.undetailed.length} more violating points (cut op/mode): ${esc(failing.undetailed.join(' '))}</p>` : '';
  const body = s.invalid !== undefined ? `<pre class="invalid">${esc(s.invalid)}</pre>` : s.targetError !== undefined ? `<p class="bad">the rig failed, no verdict: ${esc(s.targetError)}</p>` : s.skipReason ? `<p class="muted">${esc(s.skipReason)}</p>` : crashMap(s);
  const stats = s.sweep
    ? `<p class="muted">${s.sweep.cleanOps} flash ops, ${s.sweep.explored} fault points, ${s.sweep.violations} violating, ${s.sweep.merged} points merged (same state as another cut mode at that op)${s.sweep.notRun > 0 ? `, ${s.sweep.notRun} not run (sampled)` : ''}; max watchdog feed gap ${gapText(s.maxFeedGapMs)}</p>`
    : '';
  return `<section id="s-${esc(s.file)}" class="${s.status}"><h2>${esc(s.name)} — ${s.invalid !== undefined ? 'invalid scenario' : s.status}</h2><p>${esc(s.description)} <span class="muted">${esc(s.file)}</span></p>${s.notApplicable?.length ? `<p class="muted">not applicable (otalab's policy, not a guarantee): ${esc(s.notApplicable.join(', '))}</p>` : ''}
${body}
${stats}
${fat}
${list ? `<details${failing.detailed.length <= 5 ? ' open' : ''}><summary>${failing.count} failing run${failing.count === 1 ? '' : 's'}, ${failing.detailed.length} in detail with the command that replays it</summary><ul>${list}</ul>${more}</details>` : ''}</section>`;
}

export function htmlReport(report: SuiteReport, about?: Certified): string {
  const t = report.totals;
  const scenarios = [...report.scenarios].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const cert = [
    ['otalab', about?.otalab ?? 'unknown'],
    ['target', targetLabel(report)],
    ['seed', 'none: suite runs have no random choice'],
    ['Node', about?.node ?? 'unknown'],
    ['MicroPython', `${about?.micropython ?? 'unknown'} (WebAssembly port${report.target === 'micropython' ? '' : ', not used by this target'})`],
    ['date', about?.date ?? 'unknown'],
    ['host', about?.hostname ?? 'unknown'],
  ];
  const verdict = t.failed > 0 || t.violations > 0 ? '<b class="bad">FAILED</b>' : t.error > 0 ? '<b class="bad">INCOMPLETE: rig errors</b>' : t.fsLosses > 0 ? '<b class="warn">updater passed; FAT lost entries</b>' : '<b class="good">passed</b>';
  const fatLine = fsLossLine(report);
  return `<!doctype html><html><head><meta charset="utf-8"><title>otalab suite — ${esc(targetLabel(report))}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}section{border-left:4px solid #3a3;padding:.2em 1em;margin:1em 0}
section.failed{border-color:#d33}section.fs-loss{border-color:#e9a23b}.warn{color:#a15c00}tr.fs-loss{background:#fdf3e3}section.skipped{border-color:#aaa}.muted{color:#666}code{background:#f4f4f4;padding:0 .3em}svg{display:block}
table{border-collapse:collapse}td,th{padding:.15em .6em;text-align:right;border-bottom:1px solid #eee}td:nth-child(2),th:nth-child(2){text-align:left}
tr.failed{background:#fdecec}.bad{color:#c00}.good{color:#080}.legend span{margin-right:1.2em;white-space:nowrap}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
dl.certified{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.certified dt{color:#666}dl.certified dd{margin:0}pre.invalid{background:#fdecec;padding:.5em;white-space:pre-wrap}</style></head>
<body><h1>otalab suite — ${esc(targetLabel(report))}: ${verdict}</h1>
<p>${t.passed} passed, ${t.failed} failed, ${t.fsLoss} with FAT losses only, ${t.skipped} skipped${t.error > 0 ? `, ${t.error} rig errors (no verdict)` : ''} · ${t.explored} fault points explored${notRunText(report)}, ${t.violations} violations, ${t.fsLosses} FAT losses · max watchdog feed gap ${gapText(t.maxFeedGapMs)} · ${(t.ms / 1000).toFixed(1)} s</p>
${fatLine !== null ? `<p class="warn fat-loss">${esc(fatLine)}</p>` : ''}
${notApplicableLine(report) !== null ? `<p class="muted not-applicable">${esc(notApplicableLine(report)!)}</p>` : ''}
<dl class="certified">${cert.map(([k, v]) => `<dt>${esc(k!)}</dt><dd>${esc(v!)}</dd>`).join('')}</dl>
${summaryTable(scenarios)}
${legend}
${scenarios.map(section).join('\n')}</body></html>
`;
}
