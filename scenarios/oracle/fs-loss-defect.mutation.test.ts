// On FAT the lab calls a point a filesystem loss when every violation there follows from entries a
// torn directory sector destroyed. That must never hide the updater: with the commit-order defect
// planted (version.json claims the target before a file moves, as in commit-order.mutation.test.ts)
// the points FAT loses entries at must turn into failures, and without it they stay FAT's losses.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { judgeFor } from '../lab/context.ts';
import { sweep } from '../lab/sweep.ts';
import { loadScenario } from '../load/index.ts';
import type { Target } from '../target.ts';
import { tsTarget } from '../targets/ts.ts';

const planted = vi.hoisted(() => ({ on: false }));

vi.mock('../../core/commit/apply.ts', async (importOriginal) => {
  const { withCommitOrderDefect } = await import('./planted-commit-order.ts');
  return withCommitOrderDefect(await importOriginal<typeof import('../../core/commit/apply.ts')>(), () => planted.on);
});

const file = join(import.meta.dirname, '../library/stable-latest-release.yaml');

/** FAT as the lab runs it (torn directory sectors lose their neighbours), or with sector-atomic writes. */
async function fatSweep(sectors: 'tearing' | 'atomic' = 'tearing') {
  const scenario = await loadScenario(file);
  const fat = tsTarget({ flash: 'fat' });
  const target: Target = sectors === 'tearing' ? fat : { ...fat, run: (s, plan) => fat.run(s, { ...plan, keepNeighbours: true }) };
  return sweep(target, scenario, file, { maxBoots: scenario.maxBoots ?? 8, judge: judgeFor(scenario) });
}

const key = (p: { op: number; mode: string }) => `${p.op}/${p.mode}`;

describe('filesystem losses on FAT never hide an updater defect', () => {
  let honest = new Set<string>();

  it('a correct updater: FAT loses entries at some points, and those are its only findings', async () => {
    planted.on = false;
    const result = await fatSweep();
    honest = new Set(result.fsLossPoints.map(key));
    expect(result.clean.violations).toEqual([]);
    expect(result.failedPoints).toEqual([]);
    expect(result.fsLossPoints.length).toBeGreaterThan(0);
    expect(result.fsLossPoints.every((p) => p.mode === 'torn' && p.lost.length > 0)).toBe(true);
  }, 60_000);

  it('the commit-order defect: points where FAT also lost entries are failures, not FAT losses', async () => {
    expect(honest.size).toBeGreaterThan(0);
    planted.on = true;
    try {
      // Where the defect breaks an invariant with no help from FAT (sector-atomic writes)...
      const byDefect = (await fatSweep('atomic')).failedPoints.map(key);
      // ...among them points where FAT, tearing, also destroys entries:
      const both = byDefect.filter((p) => honest.has(p));
      expect(both.length).toBeGreaterThan(0);
      const result = await fatSweep();
      // Every point the defect breaks is a failure, FAT's losses there or not: none is excused.
      expect(result.failedPoints.map(key)).toEqual(expect.arrayContaining(byDefect));
      for (const p of both) expect(result.fsLossPoints.map(key)).not.toContain(p);
      expect(result.failedPoints.length).toBeGreaterThan(result.explored / 4);
    } finally {
      planted.on = false;
    }
  }, 60_000);
});
