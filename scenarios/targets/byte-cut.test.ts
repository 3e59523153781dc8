// power-cut-mid-download on both simulated targets: the byte cut ends boot 0 as a power cut (the
// next boot reads power-on), the half-downloaded file stays in the stage, the board ends on v2 with
// no error record and the oracle holds; a byte count no body reaches never fires and says why.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeFor } from '../lab/context.ts';
import { loadScenario } from '../load/index.ts';
import type { RunResult, Target } from '../target.ts';
import type { Fault } from '../types.ts';
import { micropythonTarget } from './micropython.ts';
import { tsTarget } from './ts.ts';

const scenario = await loadScenario(join(import.meta.dirname, '../library/power-cut-mid-download.yaml'));
const bootsOf = (r: RunResult) => r.boots.map((b) => `${b.cause} ${b.end}`);

describe.each([['ts', () => tsTarget()], ['micropython', () => micropythonTarget()]] as [string, () => Target][])('byte cut on %s', (_name, target) => {
  it('cuts boot 0 mid-download; the next boot starts over and ends on v2', async () => {
    const run = await target().run(scenario, { faults: scenario.faults ?? [], maxBoots: 8 });
    expect(run.unfired).toEqual([]);
    expect(bootsOf(run)).toEqual(['power-on power-cut', 'power-on reset', 'watchdog idle']);
    // Boot 0 wrote only the stage: nothing but .part writes before the cut.
    const boot0 = run.ops.filter((o) => o.boot === 0).map((o) => o.path);
    expect(boot0.length).toBeGreaterThan(3);
    expect(boot0.every((p) => p?.startsWith('.ota_stage'))).toBe(true);
    expect(judgeFor(scenario)(run, [])).toEqual([]);
  });
});

describe('a byte cut that never lands', () => {
  it('fails the run naming the bodies it saw (none longer than afterBytes)', async () => {
    const never: Fault = { kind: 'power-cut-at-bytes', afterBytes: 12_000, urlIncludes: 'data/model.bin' };
    const run = await tsTarget().run(scenario, { faults: [never], maxBoots: 8 });
    expect(run.unfired).toEqual([never]);
    expect(judgeFor(scenario)(run, [never], { addedMustFire: true }).filter((v) => v.invariant === 'fault-fired').map((v) => v.message)).toEqual([
      'fault power-cut-at-bytes afterBytes 12000 urlIncludes data/model.bin never fired: the run made 1 request to a URL containing "data/model.bin", 0 of them with a body longer than 12000 bytes, and the board read none of those that far while powered (mark it "optional: true" if that is expected)',
    ]);
  });
});
