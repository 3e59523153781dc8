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
