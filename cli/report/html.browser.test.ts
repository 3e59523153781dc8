// The HTML report as a browser sees it: rendered by headless Chromium (Debian's `chromium`,
// installed by .ci/run), its DOM must hold the legend, the summary table before the scenarios,
// and a red cell for every violating point even when the detail list is capped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioReport, SuiteReport } from '../../scenarios/lab/suite.ts';
import type { CutMode } from '../../scenarios/types.ts';
import { htmlReport } from './html.ts';

const CHROMIUM = ['chromium', 'chromium-browser'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);

const OPS = 30;
const failedPoints = Array.from({ length: OPS }, (_, op) => ({ op, mode: 'before' as CutMode }));
const failing: ScenarioReport = {
  name: 'fails-everywhere',
  file: 'fixtures/fails-everywhere.yaml',
  description: 'fails at every point',
  status: 'failed',
  clean: { faults: [], violations: [], replay: 'npx otalab sim run fixtures/fails-everywhere.yaml' },
  sweep: {
    explored: OPS,
    merged: OPS * 2,
    notRun: 0,
    cleanOps: OPS,
    opModes: Array.from({ length: OPS }, () => ['before' as CutMode]),
    ops: Array.from({ length: OPS }, (_, i) => ({ kind: 'write', modes: ['before' as CutMode], path: `f${i}.part`, boot: 0, phase: 'update' as const })),
    // Details capped at 2; the map must still show all 30.
    failures: failedPoints.slice(0, 2).map((p) => ({ faults: [{ kind: 'power-cut' as const, ...p }], violations: [{ invariant: 'atomic', message: 'mixed files' }], replay: `npx otalab sim sweep x --op ${p.op} --mode before` })),
    failedPoints,
    violations: OPS,
    fsLossPoints: [],
    fsLosses: 0,
    ms: 1,
  },
  maxFeedGapMs: 120,
  ms: 1,
};
const passing: ScenarioReport = { ...failing, name: 'passes', file: 'passes.yaml', status: 'passed', sweep: { ...failing.sweep!, failures: [], failedPoints: [], violations: 0 } };
const report: SuiteReport = {
  target: 'ts',
  spec: { name: 'ts', flash: 'fat' },
  scenarios: [passing, failing],
  totals: { passed: 1, failed: 1, fsLoss: 0, skipped: 0, error: 0, explored: OPS * 2, violations: OPS, fsLosses: 0, maxFeedGapMs: 120, ms: 2 },
};

describe('the HTML report in headless Chromium', () => {
  it.skipIf(!CHROMIUM)(`renders every failing cell, the legend and the summary first${CHROMIUM ? '' : ' (skipped: chromium is not installed; apt-get install -y chromium)'}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'otalab-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, htmlReport(report));
    const run = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const dom = run.stdout;
    expect(dom.match(/<rect class="cell failed"/g)).toHaveLength(OPS);
    expect(dom.match(/<rect class="cell passed"/g)).toHaveLength(OPS);
    expect(dom).toContain('<p class="legend">');
    expect(dom).toMatch(/<title>op 7: write f7\.part, boot 0, update — cut before: VIOLATION<\/title>/);
    expect(dom).toContain('… and 28 more violating points');
    // Summary table before any scenario; the failing scenario before the passing one.
    expect(dom.indexOf('<table class="summary"')).toBeLessThan(dom.indexOf('<section'));
    expect(dom.indexOf('<h2>fails-everywhere')).toBeLessThan(dom.indexOf('<h2>passes'));
    expect(dom).toMatch(/<h1>otalab suite — ts, flash fat: <b class="bad">FAILED<\/b><\/h1>/);
  });
});
