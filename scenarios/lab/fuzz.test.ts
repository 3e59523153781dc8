// The fuzzer draws every fault kind the lab has: the kinds of the scenario schema's Fault, not a
// hand-picked subset (a kind added to the schema without an arbitrary fails here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultArbitraries, scheduleArbitrary } from './fuzz.ts';
import { NEVER_DRAWN } from './diff.ts';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../schema.json'), 'utf8')) as {
  definitions: { Fault: { oneOf: { properties: { kind: { const: string } } }[] } };
};
const schemaKinds = schema.definitions.Fault.oneOf.map((f) => f.properties.kind.const).sort();

describe('fuzz schedules', () => {
  it('have an arbitrary for every fault kind in the schema, and no other', () => {
    expect(schemaKinds.length).toBeGreaterThanOrEqual(11);
    expect(Object.keys(faultArbitraries(100, 5, 10_000)).sort()).toEqual(schemaKinds);
  });

  it('draw every fault kind in the schema', () => {
    const drawn = new Set(fc.sample(scheduleArbitrary(100, 5, 10_000), { seed: 1, numRuns: 500 }).flat().map((f) => f.kind));
    expect([...drawn].sort()).toEqual(schemaKinds);
  });

  it('can leave kinds out (sim diff draws no cut by time) and still draw every other kind', () => {
    const drawn = new Set(fc.sample(scheduleArbitrary(100, 5, 10_000, ['power-cut-at-time']), { seed: 1, numRuns: 500 }).flat().map((f) => f.kind));
    expect([...drawn].sort()).toEqual(schemaKinds.filter((k) => k !== 'power-cut-at-time'));
  });

  it('sim diff draws neither cuts by time nor cuts by bytes served (they land at different ops on the two updaters)', () => {
    const drawn = new Set(fc.sample(scheduleArbitrary(100, 5, 10_000, NEVER_DRAWN), { seed: 3, numRuns: 500 }).flat().map((f) => f.kind));
    expect([...drawn].sort()).toEqual(schemaKinds.filter((k) => k !== 'power-cut-at-time' && k !== 'power-cut-at-bytes'));
  });

  it('aim byte cuts inside the longest body of the clean run', () => {
    const cuts = fc.sample(faultArbitraries(100, 5, 10_000, 12_000)['power-cut-at-bytes'], { seed: 4, numRuns: 300 });
    expect(Math.max(...cuts.map((c) => c.afterBytes))).toBeLessThan(12_000);
    expect(Math.max(...cuts.map((c) => c.afterBytes))).toBeGreaterThan(4096);
    expect(Math.min(...cuts.map((c) => c.afterBytes))).toBeGreaterThanOrEqual(0);
  });

  it('aim time-based cuts within the clean run (and a little past it)', () => {
    const cuts = fc.sample(faultArbitraries(100, 5, 10_000)['power-cut-at-time'], { seed: 2, numRuns: 200 });
    expect(Math.max(...cuts.map((c) => c.atMs))).toBeLessThanOrEqual(15_000);
  });
});
