// Certifying a foreign updater (docs/updater-adapter.md): a deliberately naive updater
// (test/fixtures/naive-updater: files written in place, then version.json) run through the lab
// with `--updater` must FAIL, with the mixed board named file by file; our updater passes the same
// scenario (certify.slow.test.ts: suites, sweeps, --jobs, replay lines); the adapter's mistakes are located.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { otalab } from './otalab-cli.ts';
import { parseAdapter } from '../scenarios/targets/adapter/load.ts';

const NAIVE = 'test/fixtures/naive-updater';
const MIX = /the files are a mix of versions: .*\(old: -; new: lib\/a\.py; neither: main\.py\)/;

describe('certify a foreign updater (--updater <dir>)', () => {
  it('the naive updater fails link-drop-mid-file, the mix named file by file', async () => {
    const r = await otalab('sim', 'run', 'scenarios/library/link-drop-mid-file.yaml', '--target', 'micropython', '--updater', NAIVE);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(MIX);
  });

  it('--json, JUnit and HTML name the foreign updater and list the policy checks as not applicable (JUnit: skipped)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otalab-certify-'));
    const [junit, html] = [join(dir, 'r.xml'), join(dir, 'r.html')];
    const r = await otalab('suite', '--target', 'micropython', '--updater', NAIVE, '--filter', 'link-drop-mid-file', '--no-sweep', '--json', '--junit', junit, '--html', html);
    const json = JSON.parse(r.out) as { updater: string; notApplicable: string[]; scenarios: { failed: number } };
    expect(json.updater).toBe(NAIVE);
    expect(json.notApplicable).toEqual(expect.arrayContaining(['clean', 'recorded', 'refused-unwritten']));
    expect(json.scenarios.failed).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testcase name="link-drop-mid-file: clean" classname="otalab\.micropython\.policy"[^>]*><skipped message="not applicable/);
    expect(xml).toMatch(/<failure type="atomic/);
    expect(readFileSync(html, 'utf8')).toMatch(/class="muted not-applicable">updater test\/fixtures\/naive-updater is not otalab&#39;s|class="muted not-applicable">updater test\/fixtures\/naive-updater is not otalab/);
  });

  it('only the micropython target runs a foreign updater; sim diff refuses one', async () => {
    const ts = await otalab('sim', 'run', 'scenarios/library/developer-channel.yaml', '--target', 'ts', '--updater', NAIVE);
    expect(ts.code).not.toBe(0);
    expect(ts.err).toMatch(/needs --target micropython/);
    const diff = await otalab('sim', 'diff', 'scenarios/library/developer-channel.yaml', '--updater', NAIVE);
    expect(diff.code).not.toBe(0);
    expect(diff.err).toMatch(/is a foreign updater .*otalab suite --target micropython --updater/);
  });

  it('a bad adapter is refused with line:col and a did-you-mean, before any run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otalab-adapter-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'adapter: 1\nstart:\n  cal: {module: naive_ota, function: run}\n');
    const r = await otalab('sim', 'run', 'scenarios/library/developer-channel.yaml', '--target', 'micropython', '--updater', NAIVE, '--adapter', file);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`${file}:3:3: start.cal: unknown key "cal"; did you mean "call"?`);
    expect(() => parseAdapter('adapter: 2\nstart: {bootPy: main.py}\n', 'x.yaml', NAIVE)).toThrow(/x\.yaml:1:10: adapter: must be 1/);
    expect(() => parseAdapter('adapter: 1\nstart: {call: {module: naive_ota, function: run}}\ninstallAs: {nope.py: ota.py}\n', 'x.yaml', NAIVE)).toThrow(/x\.yaml:3:22: installAs\["nope\.py"\]: nope\.py is not in the updater dir/);
    expect(parseAdapter('adapter: 1\nstart: {call: {module: naive_ota, function: run}}\n', 'x.yaml', NAIVE).version).toEqual({ file: 'version.json', key: 'commit', refKey: 'ref' });
  });
});
