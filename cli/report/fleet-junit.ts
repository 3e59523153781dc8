/** JUnit XML for a fleet run: one testcase per goal ("at most 0 rate-limit 403s"…), the run's numbers as properties. */
import type { FleetReport } from '../../scenarios/lab/fleet/fleet-report.ts';
import type { Certified } from './certified.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const prop = (name: string, value: string | number) => `<property name="${esc(name)}" value="${esc(String(value))}"/>`;

export function fleetJunitXml(r: FleetReport, about?: Certified): string {
  const failures = r.goals.filter((g) => !g.passed).length;
  const time = (r.wallMs / 1000).toFixed(3);
  const counts = `tests="${r.goals.length}" failures="${failures}" errors="0" skipped="0" time="${time}"`;
  const props = [
    prop('devices', r.devices),
    prop('nat', r.nat),
    prop('hours', r.hours),
    prop('seed', r.seed),
    prop('requests', r.totals.requests),
    prop('apiRequests', r.totals.api),
    prop('rateLimited403s', r.totals.rateLimited403),
    prop('checks', r.totals.checks),
    ...(about ? [prop('otalab', about.otalab), prop('node', about.node)] : []),
  ];
  const cases = r.goals.map((g) => {
    const head = `    <testcase name="${esc(g.name)}" classname="otalab.fleet.${esc(r.scenario)}" time="0">`;
    return g.passed ? `${head}<system-out>${esc(g.measured)}</system-out></testcase>` : `${head}<failure type="goal" message="${esc(g.measured)}">${esc(`${g.name}: ${g.measured}${r.advice ? `\n${r.advice}` : ''}`)}</failure></testcase>`;
  });
  const when = about ? ` timestamp="${esc(about.date.replace(/\.\d+Z$/, ''))}" hostname="${esc(about.hostname)}"` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="otalab fleet" ${counts}>`,
    `  <testsuite name="otalab fleet ${esc(r.scenario)}" ${counts}${when}>`,
    `    <properties>${props.join('')}</properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
