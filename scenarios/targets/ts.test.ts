// The ts target's read-back of a run: what the oracle gets to judge.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeFor } from '../lab/context.ts';
import { loadScenario } from '../load/index.ts';
import { tsTarget } from './ts.ts';

const LIBRARY = join(import.meta.dirname, '../library');

describe('ts target read-back', () => {
  it('lists a request a link fault answered, so budgets count it', async () => {
    const scenario = await loadScenario(join(LIBRARY, 'server-error-retried.yaml'));
    const run = await tsTarget().run(scenario, { faults: [...(scenario.faults ?? []), { kind: 'reset', urlIncludes: 'raw.' }], seed: 1, maxBoots: 8 });
    expect(run.requests[0]).toMatchObject({ status: 503, fault: 'status' });
    expect(run.requests.filter((r) => r.fault === 'reset')).toMatchObject([{ status: null, url: expect.stringContaining('raw.') }]);
    // A budget that only the server-answered requests would meet is exceeded.
    const served = run.requests.filter((r) => r.fault === undefined).length;
    const strict = { ...scenario, expect: { ...scenario.expect, requestsAtMost: served } };
    expect(judgeFor(strict)(run, []).map((v) => v.message).join('\n')).toMatch(/made \d+ requests, expected at most/);
  });
});

describe('ts target device faults', () => {
  // Found by the differential campaign: a drawn flash-full at op 48 was armed after the scenario's
  // own at op 30 and replaced it, so the flash stayed writable through the commit.
  it('keeps the flash full from the earliest of several flash-full faults: a later one changes nothing', async () => {
    const scenario = await loadScenario(join(LIBRARY, 'flash-full-during-commit.yaml'));
    const own = scenario.faults ?? [];
    expect(own).toMatchObject([{ kind: 'flash-full', op: 30 }]);
    const alone = await tsTarget().run(scenario, { faults: own, seed: 1, maxBoots: 8 });
    const both = await tsTarget().run(scenario, { faults: [...own, { kind: 'flash-full', op: 48 }], seed: 1, maxBoots: 8 });
    expect(both.ops).toEqual(alone.ops);
    expect(both.boots).toEqual(alone.boots);
    expect(both.files).toEqual(alone.files);
    expect(both.unfired).toEqual([]);
  });
});
