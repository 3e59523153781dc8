// A sample of the scenario library on the micropython target (device/ in the MicroPython
// interpreter): clean runs judged by the oracle, chosen to cover a commit, a trial rollback, a
// signed manifest, a torn download and the updater replacing itself. The whole library with
// every crash-point sweep takes many minutes, so it is its own command, run by .ci/run after
// `npm test`: `npm run campaign:micropython` (= `otalab suite --target micropython --jobs 2`).
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../cli/library.ts';
import { runSuite, type ScenarioReport } from '../scenarios/lab/suite.ts';
import { micropythonTarget } from '../scenarios/targets/micropython.ts';

const SAMPLE = ['trial-fails-rollback', 'power-cut-during-commit', 'signed-manifest-valid', 'link-drop-mid-file', 'updater-replaces-itself', 'h5-deletes-beside-adds'];

const problems = (s: ScenarioReport) =>
  `${s.name}: ${[...(s.clean?.violations ?? [])].map((v) => `${v.invariant}: ${v.message}`).join('; ')}\n  replay: ${s.clean?.replay ?? ''}`;

describe('a sample of the scenario library on target micropython', () => {
  it(`passes the clean runs of ${SAMPLE.join(', ')}`, async () => {
    const library = (await loadLibrary('scenarios/library')).filter((s) => SAMPLE.includes(s.scenario.name));
    expect(library.map((s) => s.scenario.name).sort()).toEqual([...SAMPLE].sort());
    const report = await runSuite(micropythonTarget(), library, { seed: 1, sweep: false });
    expect(report.scenarios.filter((s) => s.status !== 'passed').map((s) => (s.status === 'skipped' ? `${s.name}: skipped (${s.skipReason})` : problems(s)))).toEqual([]);
  }, 120_000);
});
