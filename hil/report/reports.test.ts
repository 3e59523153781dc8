// The certification report tells the truth run by run: every scenario × cut is a testcase with
// the suite's verdict, a rig fault is an <error> (never a failure or a pass), and the HTML draws a
// timeline per run that a real browser (headless Chromium) renders with every lane and mark.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioReport, SuiteReport } from '../../scenarios/lab/suite.ts';
import { certify } from './certification.ts';
import { certificationJunit } from './junit.ts';
import { certificationHtml } from './html.ts';
import { Timeline, LANES } from './timeline.ts';
import type { RunRecord } from '../target/board-target.ts';

const CHROMIUM = ['chromium', 'chromium-browser'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);

let clock = 0;
function record(scenario: string, cut: { op: number; mode: 'before' | 'after' } | null, rigErrors: string[] = [], attempts = 1): RunRecord {
  const t = new Timeline(new Date('2026-12-05T08:00:00Z'), () => clock);
  clock += 100;
  t.mark('power', 'cycle: virtual off/on');
  t.mark('usb', 'port present');
  void t.span('repl', 'deploy', async () => undefined);
  t.mark('http', 'drop GET https://raw.githubusercontent.com/o/r/v2/main.py', { bad: true });
  t.mark('kit', cut ? `cut at op ${cut.op} ${cut.mode}` : 'end idle');
  t.mark('boot', 'boot 0 (watchdog) → idle');
  t.mark('verdict', 'judged');
  clock += 2500;
  return { scenario, cut, timeline: t, attempts, cutMethod: cut ? 'kit reset (machine.reset at the op)' : 'none', rigErrors };
}

const base = { file: 'scenarios/library/x.yaml', description: 'd', maxFeedGapMs: 0, ms: 1 };
const sweep = (failed: { op: number; mode: 'before' | 'after' }[]): NonNullable<ScenarioReport['sweep']> => ({
  explored: 2, merged: 0, notRun: 10, cleanOps: 12, opModes: [], ops: [], failedPoints: failed, violations: failed.length, fsLossPoints: [], fsLosses: 0, ms: 1,
  failures: failed.map((p) => ({ faults: [{ kind: 'power-cut' as const, op: p.op, mode: p.mode }], violations: [{ invariant: 'atomic', message: 'a mix of v1 and v2', boot: 1 }], replay: `npx otalab sim sweep x --op ${p.op} --mode ${p.mode}` })),
});
const suite: SuiteReport = {
  target: 'board:virtual',
  scenarios: [
    { ...base, name: 'good', status: 'passed', clean: { faults: [], violations: [], replay: 'r' }, sweep: sweep([]) },
    { ...base, name: 'bad', status: 'failed', clean: { faults: [], violations: [], replay: 'r' }, sweep: sweep([{ op: 11, mode: 'after' }]) },
    { ...base, name: 'flaky-rig', status: 'error', targetError: 'board virtual: 3 attempts failed', clean: null, sweep: null },
    { ...base, name: 'dns', status: 'skipped', skipReason: 'a LAN cannot fail name resolution', clean: null, sweep: null },
  ],
  totals: { passed: 1, failed: 1, fsLoss: 0, skipped: 1, error: 1, explored: 4, violations: 1, fsLosses: 0, maxFeedGapMs: 0, ms: 1 },
};
const records = [
  record('good', null), record('good', { op: 0, mode: 'before' }), record('good', { op: 11, mode: 'after' }),
  record('bad', null), record('bad', { op: 0, mode: 'before' }), record('bad', { op: 11, mode: 'after' }),
  record('flaky-rig', null, ['attempt 1: port vanished', 'attempt 2: port vanished', 'attempt 3: no REPL'], 3),
];
const about = { otalab: '0.1.0 (commit abc)', node: 'v20', micropython: '1.27.0', date: '2026-12-05T08:00:00.000Z', hostname: 'lab1' };
const cert = certify({ id: 'virtual', facts: { rig: 'virtual', 'board serial': 'VIRTUAL0001', micropython: '1.27.0', 'updater sha256': 'ab'.repeat(32) } }, suite, records, about);

describe('certification', () => {
  it('gives every run the verdict the suite gave its point', () => {
    expect(cert.runs.map((r) => `${r.scenario.name} ${r.point} ${r.verdict}`)).toEqual([
      'good clean passed', 'good 0/before passed', 'good 11/after passed',
      'bad clean passed', 'bad 0/before passed', 'bad 11/after failed',
      'flaky-rig clean error', 'dns clean skipped',
    ]);
    expect(cert.runs.find((r) => r.verdict === 'failed')!.violations[0]!.invariant).toBe('atomic');
  });

  it('JUnit: a testcase per scenario × cut, rig faults as <error>, the rig facts as properties', () => {
    const xml = certificationJunit([cert]);
    expect(xml).toContain('tests="8" failures="1" errors="1" skipped="1"');
    expect(xml).toContain('<testcase name="bad cut 11/after" classname="otalab.board.virtual"');
    expect(xml).toMatch(/<testcase name="bad cut 11\/after"[^>]*><properties>.*<failure type="atomic"/);
    expect(xml).toMatch(/<testcase name="flaky-rig clean"[^>]*>.*<error type="rig" message="attempt 1: port vanished; attempt 2: port vanished; attempt 3: no REPL"/);
    for (const p of ['rig', 'board serial', 'micropython', 'updater sha256']) expect(xml).toContain(`<property name="${p}"`);
    expect(xml).toContain('<property name="cut method" value="kit reset (machine.reset at the op)"/>');
  });

  it.skipIf(!CHROMIUM)(`HTML: a timeline per run with every lane, faults red, failures first, in Chromium${CHROMIUM ? '' : ' (skipped: chromium is not installed)'}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'otalab-hil-html-'));
    const file = join(dir, 'cert.html');
    writeFileSync(file, certificationHtml([cert]));
    const run = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const dom = run.stdout;
    expect(dom.match(/<svg class="timeline"/g)).toHaveLength(7);
    for (const lane of LANES) expect(dom).toContain(`font-size="10">${lane}</text>`);
    expect(dom.match(/class="mark http bad"/g)).toHaveLength(7);
    expect(dom.indexOf('bad — cut 11/after: failed')).toBeLessThan(dom.indexOf('good — clean run: passed'));
    expect(dom).toContain('board virtual: <b class="bad">FAILED</b>');
    expect(dom).toContain('rig error, no verdict: attempt 1: port vanished');
  });
});
