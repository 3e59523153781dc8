// A scenario's own faults must fire in its clean run; a fault the lab adds (a sweep cut, a fuzz
// schedule) may stop the run before they are reached, and that is no failure of the run (found by
// the differential campaign: a drawn flash-full at op 0 means no update, so no download to drop).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeFor } from './context.ts';
import { loadScenario } from '../load/index.ts';
import { tsTarget } from '../targets/ts.ts';
import type { Fault } from '../types.ts';

const FILE = join(import.meta.dirname, '../library/link-drop-after-whole-body.yaml');

describe('faults that must fire', () => {
  it('the clean run fires the scenario\'s own fault; a drawn fault that preempts it is not a violation; a chosen one is', async () => {
    const scenario = await loadScenario(FILE);
    const judge = judgeFor(scenario);
    const own = scenario.faults ?? [];
    expect(own.length).toBeGreaterThan(0);
    const clean = await tsTarget().run(scenario, { faults: own, maxBoots: 8 });
    expect(clean.unfired).toEqual([]);
    const full: Fault = { kind: 'flash-full', op: 0 };
    const cut: Fault = { kind: 'power-cut', op: 0, mode: 'before' };
    const run = await tsTarget().run(scenario, { faults: [...own, cut, full], maxBoots: 10 });
    expect(run.unfired).toEqual(own); // the drop never met its download
    expect(judge(run, [cut, full]).filter((v) => v.invariant === 'fault-fired')).toEqual([]);
    expect(judge(run, [cut, full], { addedMustFire: true }).map((v) => v.invariant)).toContain('fault-fired');
  });
});
