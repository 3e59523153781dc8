// Reports never hide a failure: a scenario that fails at every fault point is counted and mapped
// at every point in the summary, the --json line, JUnit and HTML (a cap may only shorten the
// printed details); a sweep on worker threads runs the parent's exact target; an invalid scenario
// file is a failed testcase while the others still run.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { otalab } from './otalab-cli.ts';
import { loadOne } from '../cli/library.ts';
import { summaryText } from '../cli/report/summary.ts';
import { junitXml } from '../cli/report/junit.ts';
import { htmlReport } from '../cli/report/html.ts';
import { suiteJson } from '../cli/report/json.ts';
import { certified } from '../cli/report/certified.ts';
import { runSuite, type SuiteReport } from '../scenarios/lab/suite.ts';
import { SweepPool } from '../scenarios/lab/sweep-pool.ts';
import { targetFromSpec } from '../scenarios/targets/index.ts';

const FAILS_EVERYWHERE = 'test/fixtures/fails-everywhere/fails-everywhere.yaml';

const count = (text: string, re: RegExp) => [...text.matchAll(re)].length;

describe('a scenario that fails at every fault point', async () => {
  const loaded = await loadOne(FAILS_EVERYWHERE);
  const report = await runSuite(targetFromSpec({ name: 'ts', flash: 'littlefs' }), [loaded], { sweep: true });
  const s = report.scenarios[0]!;
  const points = s.sweep!.explored;
  const about = certified(new Date('2026-01-02T03:04:05.678Z'));
  // The longest unfed watchdog gap over the scenario's runs (clean and every cut), measured here
  // run by run: the board runs with the lab's 8000 ms watchdog, so it is above 0 and never above 8000.
  const target = targetFromSpec({ name: 'ts', flash: 'littlefs' });
  const maxBoots = loaded.scenario.maxBoots ?? 8;
  let gap = (await target.run(loaded.scenario, { faults: [], maxBoots })).maxFeedGapMs;
  for (const [op, modes] of s.sweep!.opModes.entries()) {
    for (const mode of modes) gap = Math.max(gap, (await target.run(loaded.scenario, { faults: [{ kind: 'power-cut', op, mode }], maxBoots: maxBoots + 1 })).maxFeedGapMs);
  }

  it('is counted at every point, its details capped', () => {
    expect(points).toBeGreaterThan(40);
    expect(s.sweep!.violations).toBe(points);
    expect(s.sweep!.failedPoints).toHaveLength(points);
    expect(s.sweep!.failures.length).toBe(20);
    expect(report.totals.violations).toBe(points);
  });

  it('summary: the count in the row and totals, every point named', () => {
    const text = summaryText(report);
    expect(text).toMatch(new RegExp(`fails-everywhere\\s+\\d+\\s+${points}\\s+${points}\\s`));
    expect(text).toContain(`${points} fault points explored, ${points} violations`);
    // 1 failing clean run + every point; 5 in full, the rest named by their cut.
    const more = new RegExp(`… and ${points + 1 - 5} more failing runs in fails-everywhere \\(cut op/mode: (.*)\\)`).exec(text);
    expect(more?.[1]!.split(' ')).toHaveLength(points + 1 - 5);
  });

  it('--json: violations equals fault points', () => {
    const json = JSON.parse(suiteJson(report));
    expect(json.faultPoints).toEqual({ explored: points, violations: points, fsLosses: 0 });
    expect(json).toMatchObject({ target: 'ts', flash: 'littlefs', scenarios: { failed: 1 }, maxFeedGapMs: gap });
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThanOrEqual(8000);
  });

  it('JUnit: every point in the failure, typed by invariant; the suite says what ran, when and where', () => {
    const xml = junitXml(report, about);
    expect(xml).toContain(`<property name="violations" value="${points}"/>`);
    expect(xml).toMatch(new RegExp(`<failure type="expectation" message="${points + 1} failing runs: expected version v1`));
    expect(count(xml, /replay: npx otalab sim (run|sweep) /g)).toBe(21);
    expect(xml).toContain(`… and ${points - 20} more violating points (cut op/mode): `);
    expect(xml).toMatch(/<testsuite name="otalab ts, flash littlefs" tests="1" failures="1" errors="0" skipped="0" time="\d+\.\d{3}" timestamp="2026-01-02T03:04:05" hostname="[^"]+">/);
    expect(xml).toContain(`<property name="maxFeedGapMs" value="${gap}"/>`);
    expect(xml).toContain(`<property name="node" value="${process.version}"/>`);
  });

  it('HTML: a red cell for every point, none green; legend, summary table and what was certified', () => {
    const html = htmlReport(report, about);
    expect(count(html, /class="cell failed"/g)).toBe(points);
    expect(count(html, /class="cell passed"/g)).toBe(0);
    expect(html).toContain('class="legend"');
    expect(html.indexOf('<table class="summary"')).toBeLessThan(html.indexOf('<section'));
    expect(html).toContain(`<dt>Node</dt><dd>${process.version}</dd>`);
    expect(html).toMatch(/<dt>otalab<\/dt><dd>0\.1\.0[^<]*<\/dd>/);
    // Hover names the op: kind, path, boot, phase.
    expect(html).toMatch(/<title>op 1: open-write \S+main.py.part, boot 0, update — cut before: VIOLATION<\/title>/);
  });
});

describe("FAT's own losses: counted apart in every format, and no updater failure", async () => {
  // On FAT a torn directory sector destroys its neighbours (config, user files): stable-latest-release
  // has such points and no updater defect, so its only findings are filesystem losses.
  const loaded = await loadOne('scenarios/library/stable-latest-release.yaml');
  const report = await runSuite(targetFromSpec({ name: 'ts', flash: 'fat' }), [loaded], { sweep: true });
  const s = report.scenarios[0]!;
  const losses = s.sweep!.fsLossPoints.length;

  it('is its own status and count: not passed, not failed', () => {
    expect(losses).toBeGreaterThan(0);
    expect(s.status).toBe('fs-loss');
    expect(s.sweep!.violations).toBe(0);
    expect(report.totals).toMatchObject({ passed: 0, failed: 0, fsLoss: 1, violations: 0, fsLosses: losses });
    expect(s.sweep!.fsLossPoints.every((p) => p.lost.includes('ota_config.json') || p.lost.length > 0)).toBe(true);
  });

  it('summary, --json, JUnit and HTML say so plainly', () => {
    const text = summaryText(report);
    expect(text).toMatch(new RegExp(`fs-loss\\s+stable-latest-release\\s+\\d+\\s+\\d+\\s+0\\s+${losses}\\s`));
    expect(text).toContain(`FAT lost neighbour entries at ${losses} fault points in 1 scenario: FAT is not power-safe; littlefs is.`);
    expect(text).toMatch(new RegExp(`FAT LOSS stable-latest-release: ${losses} points \\(cut op/mode: (\\d+/torn ?)+\\); entries FAT destroyed: .*ota_config\\.json`));
    expect(JSON.parse(suiteJson(report))).toMatchObject({ scenarios: { passed: 0, failed: 0, fsLoss: 1 }, faultPoints: { violations: 0, fsLosses: losses } });
    const xml = junitXml(report);
    expect(xml).toContain(`<property name="fsLosses" value="${losses}"/>`);
    expect(xml).not.toContain('<failure');
    expect(xml).toMatch(/<system-err>FAT lost neighbour entries at \d+ point\(s\)/);
    expect(xml).toContain('failures="0"');
    const html = htmlReport(report);
    expect(count(html, /class="cell fs-loss"/g)).toBe(losses);
    expect(count(html, /class="cell failed"/g)).toBe(0);
    expect(html).toContain('<b class="warn">FAT loss</b>');
    expect(html).toContain('updater passed; FAT lost entries');
    expect(html).toMatch(/<title>op \d+: [^<]* — cut torn: FAT LOSS: the torn directory sector destroyed [^<]+<\/title>/);
  });

  it('the CLI exits 0 when FAT losses are the only findings, and prints them', async () => {
    const { code, out } = await otalab('suite', '--flash', 'fat', '--filter', 'stable-latest-release');
    expect(code).toBe(0);
    expect(out).toContain(`FAT lost neighbour entries at ${losses} fault points in 1 scenario`);
  });
});

describe('sweeps on worker threads', () => {
  let pool: SweepPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('run the parent\'s target: --flash fat with --jobs 2 gives what --jobs 1 gives', async () => {
    // Small, and FAT sweeps it differently from littlefs (FAT tears what littlefs keeps atomic).
    const loaded = await loadOne('scenarios/library/rate-limited.yaml');
    const target = targetFromSpec({ name: 'ts', flash: 'fat' });
    const strip = (r: SuiteReport) => r.scenarios.map(({ ms: _ms, sweep, ...rest }) => ({ ...rest, sweep: sweep && { ...sweep, ms: 0 } }));
    const one = await runSuite(target, [loaded], { sweep: true });
    pool = new SweepPool(2);
    const two = await runSuite(target, [loaded], { sweep: true, pool });
    expect(one.scenarios[0]!.sweep!.opModes.some((modes) => modes.includes('torn'))).toBe(true);
    expect(strip(two)).toEqual(strip(one));
    expect(two.totals).toMatchObject({ ...one.totals, ms: two.totals.ms });
  });

  it('agree exactly on FAT losses too: --jobs 2 classifies every point as --jobs 1 does', async () => {
    const loaded = await loadOne('scenarios/library/stable-latest-release.yaml');
    const target = targetFromSpec({ name: 'ts', flash: 'fat' });
    const one = await runSuite(target, [loaded], { sweep: true });
    expect(one.totals.fsLosses).toBeGreaterThan(0);
    pool = new SweepPool(2);
    // One sweep sharded over both workers (each judging its own counterfactual runs) merges to the same points.
    const sharded = await pool.sweep(target.spec!, loaded.scenario, loaded.file, { maxBoots: loaded.scenario.maxBoots ?? 8 });
    expect(sharded.fsLossPoints).toEqual(one.scenarios[0]!.sweep!.fsLossPoints);
    expect(sharded.failedPoints).toEqual([]);
  });
});


describe('an invalid scenario in the suite', () => {
  it('is a failed testcase with the loader\'s message; the others still run', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'otalab-invalid-'));
    cpSync('scenarios/library/already-on-target.yaml', join(lib, 'already-on-target.yaml'));
    writeFileSync(join(lib, 'broken.yaml'), 'description: typo below\ndevice:\n  config: {owner: a, repo: b}\nservr: {}\nexpect: {}\n');
    const junit = join(lib, 'out', 'junit.xml');
    const html = join(lib, 'out', 'report.html');
    const { code, out } = await otalab('suite', '--dir', lib, '--no-sweep', '--junit', junit, '--html', html);
    expect(code).toBe(1);
    expect(out).toMatch(/1 passed, 1 failed, 0 skipped/);
    expect(out).toMatch(/FAIL \S*broken\.yaml: invalid scenario\n {2}Failed to load scenario \S*broken\.yaml: \d+ problems?/);
    expect(out).toMatch(/broken\.yaml:4:1: .*servr/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testcase name="\S*broken\.yaml"[^>]*><failure type="invalid-scenario" message="Failed to load scenario [^"]*broken\.yaml/);
    expect(xml).toMatch(/<testcase name="already-on-target"[^>]*><properties>/);
    expect(readFileSync(html, 'utf8')).toMatch(/<pre class="invalid">[^<]*broken\.yaml:4:1:/);
  });
});
