/**
 * Certification JUnit: one testsuite per board, one testcase per scenario × cut, with the rig's
 * facts as properties (rig, board serial, MicroPython version, sha256 of the installed updater
 * files, cut method). A rig fault is <error> (no verdict), never <failure>.
 */
import type { Certification, CertifiedRun } from './certification.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const prop = (name: string, value: string | number) => `<property name="${esc(name)}" value="${esc(String(value))}"/>`;
const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(c: Certification, run: CertifiedRun): string {
  const ms = run.record?.timeline.elapsedMs ?? 0;
  const attrs = `name="${esc(`${run.scenario.name} ${run.point === 'clean' ? 'clean' : `cut ${run.point}`}`)}" classname="otalab.board.${esc(c.board.id)}" file="${esc(run.scenario.file)}" time="${seconds(ms)}"`;
  const props = run.record
    ? `<properties>${prop('cut method', run.record.cutMethod)}${prop('attempts', run.record.attempts)}${run.record.rigErrors.map((e, i) => prop(`rig error ${i + 1}`, e)).join('')}</properties>`
    : '';
  const log = run.record ? `<system-out>${esc(run.record.timeline.lines().join('\n'))}</system-out>` : '';
  switch (run.verdict) {
    case 'skipped':
      return `    <testcase ${attrs}><skipped message="${esc(run.scenario.skipReason ?? '')}"/></testcase>`;
    case 'error': {
      const why = run.record?.rigErrors.join('; ') || run.scenario.targetError || 'rig error';
      return `    <testcase ${attrs}>${props}<error type="rig" message="${esc(why)}">${esc(why)}</error>${log}</testcase>`;
    }
    case 'failed': {
      const text = run.violations.map((v) => `${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`).join('\n') + (run.replay ? `\nreplay: ${run.replay}` : '');
      const type = [...new Set(run.violations.map((v) => v.invariant))].join(',') || 'violation';
      return `    <testcase ${attrs}>${props}<failure type="${esc(type)}" message="${esc(run.violations[0]?.message ?? 'failed')}">${esc(text)}</failure>${log}</testcase>`;
    }
    default:
      return `    <testcase ${attrs}>${props}${log}</testcase>`;
  }
}

export function certificationJunit(certs: readonly Certification[]): string {
  const suites = certs.map((c) => {
    const count = (v: string) => c.runs.filter((r) => r.verdict === v).length;
    const ms = c.runs.reduce((n, r) => n + (r.record?.timeline.elapsedMs ?? 0), 0);
    const counts = `tests="${c.runs.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('skipped')}" time="${seconds(ms)}"`;
    const props = [
      ...Object.entries(c.board.facts).map(([k, v]) => prop(k, v)),
      prop('target', c.suite.target),
      prop('otalab', c.about.otalab),
      prop('node', c.about.node),
    ];
    return [
      `  <testsuite name="otalab ${esc(c.suite.target)}" ${counts} timestamp="${esc(c.about.date.replace(/\.\d+Z$/, ''))}" hostname="${esc(c.about.hostname)}">`,
      `    <properties>${props.join('')}</properties>`,
      ...c.runs.map((r) => testcase(c, r)),
      '  </testsuite>',
    ].join('\n');
  });
  const all = certs.flatMap((c) => c.runs);
  const n = (v: string) => all.filter((r) => r.verdict === v).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="otalab hil" tests="${all.length}" failures="${n('failed')}" errors="${n('error')}" skipped="${n('skipped')}">`, ...suites, '</testsuites>', ''].join('\n');
}
