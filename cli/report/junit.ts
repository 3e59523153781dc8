/**
 * JUnit XML for CI: one testcase per scenario (an invalid scenario file is a failed testcase with
 * the loader's message), failures typed by invariant and carrying every replay line, and the run's
 * identity (target, flash profile, versions, host, time) on the suite.
 */
import type { SuiteReport } from '../../scenarios/lab/suite.ts';
import type { Certified } from './certified.ts';
import { failingOf, fsLossesOf, fsLossLine, notApplicableLine, targetLabel } from './failing.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const seconds = (ms: number) => (ms / 1000).toFixed(3);
const prop = (name: string, value: string | number) => `<property name="${esc(name)}" value="${esc(String(value))}"/>`;

export function junitXml(report: SuiteReport, about?: Certified): string {
  const t = report.totals;
  const cases = report.scenarios.map((s) => {
    const name = `name="${esc(s.name)}" classname="otalab.${esc(report.target)}" file="${esc(s.file)}" time="${seconds(s.ms)}"`;
    const losses = fsLossesOf(s);
    const props = `<properties>${prop('maxFeedGapMs', s.maxFeedGapMs)}${prop('fsLosses', losses.points.length)}</properties>`;
    // FAT's own losses are no failure of the updater, and JUnit has no third state: said on stderr.
    const fat = losses.points.length > 0
      ? `<system-err>${esc(`FAT lost neighbour entries at ${losses.points.length} point(s) (cut op/mode: ${losses.points.join(' ')}); entries it destroyed: ${losses.lost.join(', ')}. FAT is not power-safe; littlefs is. Every violation there follows from them: not an updater failure.`)}</system-err>`
      : '';
    // Our policy's checks, not applicable to a foreign updater: JUnit's skipped, never passed.
    const na = (s.notApplicable ?? []).map((c) => `\n    <testcase name="${esc(`${s.name}: ${c}`)}" classname="otalab.${esc(report.target)}.policy" file="${esc(s.file)}" time="0"><skipped message="not applicable: the policy of otalab's updater, not a guarantee every updater owes"/></testcase>`).join('');
    if (s.status === 'skipped') return `    <testcase ${name}><skipped message="${esc(s.skipReason ?? '')}"/></testcase>`;
    // A rig fault is JUnit's <error>: the test could not run to a verdict (never a failure of the updater).
    if (s.status === 'error') return `    <testcase ${name}><error type="rig" message="${esc(s.targetError ?? '')}">${esc(s.targetError ?? '')}</error></testcase>`;
    if (s.invalid !== undefined) {
      return `    <testcase ${name}><failure type="invalid-scenario" message="${esc(s.invalid.split('\n')[0]!)}">${esc(s.invalid)}</failure></testcase>`;
    }
    const failing = failingOf(s);
    const out = s.sweep ? `fault points ${s.sweep.explored}, flash ops ${s.sweep.cleanOps}, violations ${s.sweep.violations}` : 'clean run only';
    if (failing.count === 0) return `    <testcase ${name}>${props}<system-out>${esc(out)}</system-out>${fat}</testcase>${na}`;
    const invariants = [...new Set(failing.detailed.flatMap((f) => f.violations.map((v) => v.invariant)))];
    const body = [
      ...failing.detailed.map((f) => f.violations.map((v) => `${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`).join('\n') + `\nreplay: ${f.replay}`),
      ...(failing.undetailed.length > 0 ? [`… and ${failing.undetailed.length} more violating points (cut op/mode): ${failing.undetailed.join(' ')}`] : []),
    ].join('\n\n');
    const first = failing.detailed[0]?.violations[0]?.message ?? 'failed';
    const message = `${failing.count} failing run${failing.count === 1 ? '' : 's'}: ${first}`;
    return `    <testcase ${name}>${props}<failure type="${esc(invariants.join(',') || 'violation')}" message="${esc(message)}">${esc(body)}</failure><system-out>${esc(out)}</system-out>${fat}</testcase>${na}`;
  });
  const suiteProps = [
    prop('target', report.target),
    ...(report.spec ? [prop('flash', report.spec.flash)] : []),
    ...(report.spec?.updater ? [prop('updater', report.spec.updater)] : []),
    ...(notApplicableLine(report) !== null ? [prop('notApplicable', notApplicableLine(report)!)] : []),
    prop('seed', 'none (suite runs have no random choice)'),
    prop('faultPoints', t.explored),
    prop('violations', t.violations),
    prop('fsLosses', t.fsLosses),
    ...(fsLossLine(report) !== null ? [prop('fsLossNote', fsLossLine(report)!)] : []),
    prop('maxFeedGapMs', t.maxFeedGapMs),
    ...(about ? [prop('otalab', about.otalab), prop('node', about.node), prop('micropython', about.micropython)] : []),
  ];
  const naCount = report.scenarios.reduce((n, s) => n + (s.status === 'passed' || s.status === 'failed' || s.status === 'fs-loss' ? (s.notApplicable?.length ?? 0) : 0), 0);
  const counts = `tests="${report.scenarios.length + naCount}" failures="${t.failed}" errors="${t.error}" skipped="${t.skipped + naCount}" time="${seconds(t.ms)}"`;
  const when = about ? ` timestamp="${esc(about.date.replace(/\.\d+Z$/, ''))}" hostname="${esc(about.hostname)}"` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="otalab suite" ${counts}>`,
    `  <testsuite name="otalab ${esc(targetLabel(report))}" ${counts}${when}>`,
    `    <properties>${suiteProps.join('')}</properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
