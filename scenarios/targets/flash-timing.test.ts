// `--flash-timing worst` reaches the board through the target options: the same run, with every
// erase and program at the datasheet maxima, takes longer in virtual time and ends the same.
import { describe, expect, it } from 'vitest';
import { LIBRARY_DIR, loadScenario } from '../load/index.ts';
import { targetFromSpec } from './index.ts';
import { targetFlags } from '../lab/replay.ts';

describe('target option flashTiming', () => {
  it('worst-case flash timing slows a run down without changing its outcome', async () => {
    const scenario = await loadScenario(`${LIBRARY_DIR}stable-latest-release.yaml`);
    const plan = { faults: [], maxBoots: 8 };
    const typical = await targetFromSpec({ name: 'ts', flash: 'littlefs' }).run(scenario, plan);
    const worst = await targetFromSpec({ name: 'ts', flash: 'littlefs', flashTiming: 'worst' }).run(scenario, plan);
    expect(worst.virtualTimeMs).toBeGreaterThan(typical.virtualTimeMs * 3);
    expect(worst.flashOps).toBe(typical.flashOps);
    expect(worst.files).toEqual(typical.files);
    expect(targetFlags(targetFromSpec({ name: 'ts', flash: 'littlefs', flashTiming: 'worst' }).spec)).toBe(' --flash-timing worst');
  });
});
