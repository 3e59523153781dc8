// sim diff holds both updaters to the same status LED timeline.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../target.ts';
import { compareRuns } from './diff.ts';

const run = (target: string, led?: string[]): RunResult =>
  ({ target, files: new Map(), boots: [], flashOps: 0, ops: [], requests: [], watchdogResets: 0, maxFeedGapMs: 0, virtualTimeMs: 0, unfired: [], log: [], ...(led ? { led } : {}) }) as RunResult;

describe('sim diff: status LED', () => {
  it('reports timelines that part, and accepts equal ones', () => {
    const a = run('ts', ['checking', 'downloading', 'committing', 'success']);
    expect(compareRuns(a, run('micropython', ['checking', 'downloading', 'committing', 'success']))).toEqual([]);
    const diff = compareRuns(a, run('micropython', ['checking', 'error']));
    expect(diff.map((d) => d.what)).toEqual(['led']);
    expect(diff[0]!.message).toContain('status LED patterns part at #1');
  });
});
