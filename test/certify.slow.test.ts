// Certifying a foreign updater, the slow half (npm run test:slow): suites and sweeps of the naive
// test updater (test/fixtures/naive-updater) against ours, --jobs 1 against --jobs 2, replay lines.
import { describe, expect, it } from 'vitest';
import { otalab } from './otalab-cli.ts';

const NAIVE = 'test/fixtures/naive-updater';
const MIX = /the files are a mix of versions: .*\(old: -; new: lib\/a\.py; neither: main\.py\)/;

describe('certify a foreign updater: suites and sweeps', () => {
  it('the naive updater fails link-drop-mid-file with the mix shown; policy checks are not applicable, not passed', async () => {
    const r = await otalab('suite', '--target', 'micropython', '--updater', NAIVE, '--filter', 'link-drop-mid-file', '--no-sweep');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL\s+link-drop-mid-file/);
    expect(r.out).toMatch(MIX);
    expect(r.out).toMatch(/not applicable \(our updater's policy\): clean, .*recorded, refused-unwritten/);
    const replay = /replay: npx otalab (.*)/.exec(r.out)?.[1];
    expect(replay).toBe('sim run scenarios/library/link-drop-mid-file.yaml --target micropython --updater test/fixtures/naive-updater');
    // The printed line reproduces it.
    const again = await otalab(...replay!.split(' '));
    expect(again.code).toBe(1);
    expect(again.out).toMatch(MIX);
  });

  it('our updater passes the same scenario on the same target', async () => {
    const r = await otalab('suite', '--target', 'micropython', '--filter', 'link-drop-mid-file', '--no-sweep', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(json.scenarios).toMatchObject({ passed: 1, failed: 0 });
    expect(json.updater).toBeUndefined();
  });

  it('a sweep of the naive updater: --jobs 1 and --jobs 2 (workers rebuild the foreign target from its spec) agree on every count', async () => {
    const run = (jobs: string) => otalab('suite', '--target', 'micropython', '--updater', NAIVE, '--filter', 'link-drop-mid-file', '--jobs', jobs, '--json');
    const one = await run('1');
    const two = await run('2');
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    const counts = (out: string) => {
      const j = JSON.parse(out) as Record<string, unknown>;
      return { scenarios: j.scenarios, faultPoints: j.faultPoints, updater: j.updater, notApplicable: j.notApplicable };
    };
    expect(counts(two.out)).toEqual(counts(one.out));
  }, 300_000);
});
