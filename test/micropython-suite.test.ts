// The scenario library on the micropython target (device/ in the MicroPython interpreter): every
// scenario's clean run judged by the oracle, and the full crash-point sweep of the scenarios that
// exercise a commit and a trial rollback. The target is ~50–100× slower than ts, so the sweeps are
// limited to those; `npx otalab suite --target micropython` sweeps everything.
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../cli/library.ts';
import { runSuite, type ScenarioReport } from '../scenarios/lab/suite.ts';
import { micropythonTarget } from '../scenarios/targets/micropython.ts';

const problems = (s: ScenarioReport) =>
  `${s.name}: ${[...(s.clean?.violations ?? []), ...(s.sweep?.failures.flatMap((f) => f.violations) ?? [])].map((v) => `${v.invariant}: ${v.message}`).join('; ')}\n  replay: ${s.clean?.replay ?? ''}`;

describe('the scenario library on target micropython', () => {
  it('passes every scenario\'s clean run; a skip always says why', async () => {
    const library = await loadLibrary('scenarios/library');
    const report = await runSuite(micropythonTarget(), library, { seed: 1, sweep: false });
    expect(report.scenarios.filter((s) => s.status === 'failed').map(problems)).toEqual([]);
    for (const s of report.scenarios.filter((x) => x.status === 'skipped')) expect(s.skipReason, s.name).toMatch(/\w{10}/);
    // Skips are the exception: most of the library runs on the device updater.
    expect(report.totals.passed).toBeGreaterThanOrEqual(library.length - 3);
  }, 240_000);

  for (const name of ['trial-fails-rollback', 'power-cut-during-commit']) {
    it(`survives a power cut at every flash operation of ${name}`, async () => {
      const library = (await loadLibrary('scenarios/library')).filter((s) => s.scenario.name === name);
      expect(library).toHaveLength(1);
      const report = await runSuite(micropythonTarget(), library, { seed: 1, sweep: true });
      const s = report.scenarios[0]!;
      expect(s.status, problems(s)).toBe('passed');
      expect(s.sweep!.explored).toBeGreaterThanOrEqual(s.sweep!.cleanOps);
      expect(s.sweep!.cleanOps).toBeGreaterThan(20);
    }, 240_000);
  }
});
