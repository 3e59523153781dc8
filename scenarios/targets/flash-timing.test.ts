// `--flash-timing worst` reaches the board through the target options: the same run, with every
// erase and program at the datasheet maxima, takes longer in virtual time and ends the same.
import { describe, expect, it } from 'vitest';
import { LIBRARY_DIR, loadScenario } from '../load/index.ts';
import { targetByName } from './index.ts';

describe('target option flashTiming', () => {
  it('worst-case flash timing slows a run down without changing its outcome', async () => {
    const scenario = await loadScenario(`${LIBRARY_DIR}stable-latest-release.yaml`);
    const plan = { faults: [], seed: 1, maxBoots: 8 };
    const typical = await targetByName('ts').run(scenario, plan);
    const worst = await targetByName('ts', { flashTiming: 'worst' }).run(scenario, plan);
    expect(worst.virtualTimeMs).toBeGreaterThan(typical.virtualTimeMs * 3);
    expect(worst.flashOps).toBe(typical.flashOps);
    expect(worst.files).toEqual(typical.files);
    expect(targetByName('ts', { flashTiming: 'worst' }).replayFlags).toBe('--flash-timing worst');
  });
});
