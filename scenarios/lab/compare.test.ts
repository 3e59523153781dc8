// The board-vs-reference comparison names every difference (status, clean-run invariants, op
// count, swept points, failing points) and compares only what the board judged.
import { describe, expect, it } from 'vitest';
import { compareVerdicts } from './compare.ts';
import type { ScenarioReport, SuiteReport } from './suite.ts';

const sweep = (cleanOps: number, sampled: string[], failed: string[]): ScenarioReport['sweep'] => {
  const pt = (s: string) => ({ op: Number(s.split('/')[0]), mode: s.split('/')[1] as 'before' | 'after' });
  return { explored: sampled.length, merged: 0, notRun: 0, sampled: sampled.map(pt), cleanOps, opModes: [], ops: [], failures: [], failedPoints: failed.map(pt), violations: failed.length, fsLossPoints: [], fsLosses: 0, ms: 1 };
};
const s = (name: string, status: ScenarioReport['status'], sw: ScenarioReport['sweep'], clean: string[] = []): ScenarioReport => ({
  name, file: `${name}.yaml`, description: '', status, clean: { faults: [], violations: clean.map((invariant) => ({ invariant, message: 'm' })), replay: '' }, sweep: sw, maxFeedGapMs: 0, ms: 1,
});
const suite = (target: string, scenarios: ScenarioReport[]): SuiteReport => ({ target, scenarios, totals: { passed: 0, failed: 0, fsLoss: 0, skipped: 0, error: 0, explored: 0, violations: 0, fsLosses: 0, maxFeedGapMs: 0, ms: 0 } });

describe('compareVerdicts', () => {
  it('finds no difference where both agree, and ignores what the board skipped', () => {
    const a = suite('board:v', [s('x', 'passed', sweep(10, ['0/before', '9/after'], [])), { ...s('y', 'skipped', null), skipReason: 'dns' }]);
    const b = suite('micropython', [s('x', 'passed', sweep(10, ['0/before', '9/after'], [])), s('y', 'passed', null)]);
    expect(compareVerdicts(a, b)).toEqual({ compared: ['x'], differences: [] });
  });

  it('names each kind of difference', () => {
    const a = suite('board:v', [s('st', 'failed', sweep(4, ['0/before'], ['0/before'])), s('ops', 'passed', sweep(11, ['0/before'], [])), s('pts', 'passed', sweep(4, ['0/before', '3/after'], [])), s('cl', 'failed', null, ['atomic']), s('gone', 'passed', null)]);
    const b = suite('micropython', [s('st', 'passed', sweep(4, ['0/before'], [])), s('ops', 'passed', sweep(12, ['0/before'], [])), s('pts', 'passed', sweep(4, ['0/before', '3/before'], [])), s('cl', 'failed', null, ['clean'])]);
    const d = compareVerdicts(a, b).differences.map((x) => `${x.scenario}: ${x.what}`);
    expect(d).toEqual([
      'st: board:v failed, micropython passed',
      'st: failing points: board:v [0/before], micropython []',
      'ops: the clean run has 11 flash ops on board:v, 12 on micropython',
      'pts: swept points differ: 0/before 3/after vs 0/before 3/before',
      'cl: clean run: board:v violates [atomic], micropython [clean]',
      'gone: micropython did not run it',
    ]);
  });
});
