// A run is a filesystem loss only when FAT destroyed entries, the same run with them kept breaks
// nothing, and no user file FAT did not destroy changed; anything else stays the updater's failure.
import { describe, expect, it } from 'vitest';
import { baseScenario, boardV1, boardV2, boot, run } from '../oracle/oracle-fixtures.ts';
import type { RunPlan, RunResult, Target } from '../target.ts';
import { fsLossOf, lostPaths } from './fs-loss.ts';
import type { Violation } from './verdict.ts';

const scenario = baseScenario();
const plan: RunPlan = { faults: [{ kind: 'power-cut', op: 5, mode: 'torn' }], maxBoots: 9 };
/** The board after FAT lost data/ (with data/log.txt) and ota_config.json. */
function withoutLost(files = boardV2()) {
  for (const p of ['data/log.txt', 'ota_config.json']) files.delete(p);
  return files;
}
const lossy = (files = withoutLost()): RunResult => run(files, undefined, { fsLosses: [{ op: 5, paths: ['data', 'data/log.txt', 'ota_config.json'] }] });

/** A target whose counterfactual run (neighbours kept) is `kept`; records the plans it ran. */
function target(kept: RunResult) {
  const plans: RunPlan[] = [];
  const t: Target = { name: 'stand-in', cannot: () => null, run: async (_s, p) => (plans.push(p), kept) };
  return { t, plans };
}

const atomic: Violation = { invariant: 'atomic', message: 'mixed files' };
const keptRun = run(boardV2(), [boot(1, boardV1(), 'reset', 'updated'), boot(2, boardV2())]);

describe('fsLossOf', () => {
  it('lists what the tears destroyed, directories and what was below them', () => {
    expect(lostPaths(lossy())).toEqual(['data', 'data/log.txt', 'ota_config.json']);
    expect(lostPaths(run(boardV2()))).toEqual([]);
  });

  it('is a filesystem loss when the same cut with the neighbours kept breaks nothing', async () => {
    const { t, plans } = target(keptRun);
    const contained: Violation = { invariant: 'contained', message: 'user files changed', paths: ['data/log.txt', 'ota_config.json'] };
    expect(await fsLossOf(t, scenario, plan, lossy(), [atomic, contained], () => [])).toEqual(['data', 'data/log.txt', 'ota_config.json']);
    expect(plans).toEqual([{ ...plan, keepNeighbours: true }]);
  });

  it('stays a failure when the counterfactual run breaks an invariant too (an updater defect at that point)', async () => {
    const { t } = target(keptRun);
    expect(await fsLossOf(t, scenario, plan, lossy(), [atomic], () => [atomic])).toBeNull();
  });

  it('stays a failure when the flash destroyed nothing, without a counterfactual run', async () => {
    const { t, plans } = target(keptRun);
    expect(await fsLossOf(t, scenario, plan, run(boardV2()), [atomic], () => [])).toBeNull();
    expect(plans).toEqual([]);
  });

  it('stays a failure when a user file FAT did not destroy changed, or one it destroyed came back altered', async () => {
    const { t, plans } = target(keptRun);
    const other: Violation = { invariant: 'contained', message: 'user files changed', paths: ['notes.txt'] };
    expect(await fsLossOf(t, scenario, plan, lossy(), [other], () => [])).toBeNull();
    // FAT loses entries; it never writes one: a destroyed file that is back with other bytes was written by the updater.
    const rewritten: Violation = { invariant: 'contained', message: 'user files changed', paths: ['ota_config.json'] };
    expect(await fsLossOf(t, scenario, plan, lossy(boardV2({ 'ota_config.json': '{}' })), [rewritten], () => [])).toBeNull();
    const unnamed: Violation = { invariant: 'contained', message: 'paths outside the device root: /x' };
    expect(await fsLossOf(t, scenario, plan, lossy(), [unnamed], () => [])).toBeNull();
    expect(plans).toEqual([]);
  });

  it('accepts an emptied directory as the loss of what was in it', async () => {
    const { t } = target(keptRun);
    const emptied: Violation = { invariant: 'contained', message: 'user files changed', paths: ['data/'] };
    const run2 = run(withoutLost(), undefined, { fsLosses: [{ op: 5, paths: ['data/log.txt'] }] });
    expect(await fsLossOf(t, scenario, plan, run2, [emptied], () => [])).toEqual(['data/log.txt']);
  });

  it('stays a failure when the target cannot keep the neighbours (its counterfactual loses them again)', async () => {
    const { t } = target(lossy());
    expect(await fsLossOf(t, scenario, plan, lossy(), [atomic], () => [])).toBeNull();
  });
});
