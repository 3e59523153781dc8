import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeFor } from '../lab/context.ts';
import { loadScenario } from '../load/index.ts';
import type { Fault } from '../types.ts';
import { tsTarget } from './ts.ts';

const FILE = join(import.meta.dirname, '../library/stable-latest-release.yaml');

async function runWith(fault: Fault, maxBoots = 8) {
  const scenario = await loadScenario(FILE);
  const run = await tsTarget().run(scenario, { faults: [fault], seed: 1, maxBoots });
  return { run, violations: judgeFor(scenario)(run, []) };
}

describe('a power cut at the same step of every boot', () => {
  it('cuts each boot at its K-th op until the last two boots of the budget, where the board settles', async () => {
    const { run, violations } = await runWith({ kind: 'power-cut', op: 2, everyBoot: true });
    expect(run.boots.map((b) => b.end)).toEqual(['power-cut', 'power-cut', 'power-cut', 'power-cut', 'power-cut', 'power-cut', 'reset', 'idle']);
    // Each cut boot ran ops 0 and 1 and was cut as op 2 began (a cut op still counts): 3 ops a boot.
    expect(run.flashOps - 6 * 3).toBe((await tsTarget().run(await loadScenario(FILE), { faults: [], seed: 1, maxBoots: 8 })).flashOps);
    expect(run.unfired).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('is unfired only when no boot reached its op', async () => {
    const fault: Fault = { kind: 'power-cut', op: 500, everyBoot: true };
    expect((await runWith(fault)).run.unfired).toEqual([fault]);
    const { run } = await runWith({ kind: 'power-cut', op: 16, everyBoot: true });
    // Op 16 lies inside the first boot's update: it fires there; the board then gets through.
    expect(run.boots[0]!.end).toBe('power-cut');
    expect(run.boots.at(-1)!.end).toBe('idle');
    expect(run.unfired).toEqual([]);
  });
});
