/** JUnit XML for CI: one testcase per scenario, the seed as a property, failures with replay lines. */
import type { SuiteReport } from '../../scenarios/lab/suite.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junitXml(report: SuiteReport): string {
  const t = report.totals;
  const cases = report.scenarios.map((s) => {
    const name = `name="${esc(s.name)}" classname="otalab.${esc(report.target)}" time="${(s.ms / 1000).toFixed(3)}"`;
    if (s.status === 'skipped') return `    <testcase ${name}><skipped message="${esc(s.skipReason ?? '')}"/></testcase>`;
    const failing = [...(s.clean && s.clean.violations.length > 0 ? [s.clean] : []), ...(s.sweep?.failures ?? [])];
    const out = s.sweep ? `fault points ${s.sweep.explored}, flash ops ${s.sweep.cleanOps}` : 'clean run only';
    if (failing.length === 0) return `    <testcase ${name}><system-out>${esc(out)}</system-out></testcase>`;
    const body = failing
      .map((f) => f.violations.map((v) => `${v.invariant}: ${v.message}`).join('\n') + `\nreplay: ${f.replay}`)
      .join('\n\n');
    return `    <testcase ${name}><failure message="${esc(failing[0]!.violations[0]?.message ?? 'failed')}">${esc(body)}</failure></testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${report.scenarios.length}" failures="${t.failed}" skipped="${t.skipped}" time="${(t.ms / 1000).toFixed(3)}">`,
    `  <testsuite name="otalab ${esc(report.target)}" tests="${report.scenarios.length}" failures="${t.failed}" skipped="${t.skipped}">`,
    `    <properties><property name="seed" value="${report.seed}"/><property name="faultPoints" value="${t.explored}"/><property name="violations" value="${t.violations}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
