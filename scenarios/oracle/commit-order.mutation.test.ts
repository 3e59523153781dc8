// A mutation check that keeps the oracle honest: core's roll-forward is patched to claim the new
// version (version.json) before it moves a single file — the predecessor's ordering defect (H1).
// A sweep of an ordinary update must then report violations; if it ever comes back clean, the
// oracle has lost the strength the whole lab rests on.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { judgeFor } from '../lab/context.ts';
import { sweep } from '../lab/sweep.ts';
import { loadScenario } from '../load/index.ts';
import { tsTarget } from '../targets/ts.ts';

vi.mock('../../core/commit/apply.ts', async (importOriginal) => {
  const { withCommitOrderDefect } = await import('./planted-commit-order.ts');
  return withCommitOrderDefect(await importOriginal<typeof import('../../core/commit/apply.ts')>());
});

describe('the oracle against a planted wrong commit order', () => {
  it('reports violations in the clean run and across the sweep', async () => {
    const file = join(import.meta.dirname, '../library/stable-latest-release.yaml');
    const scenario = await loadScenario(file);
    // A third of the fault points (every third one) keeps this test fast; each shard spans the whole run.
    const result = await sweep(tsTarget(), scenario, file, { seed: 1, maxBoots: scenario.maxBoots ?? 8, judge: judgeFor(scenario), shard: { index: 1, count: 3 } });
    const invariants = (vs: { invariant: string }[]) => new Set(vs.map((v) => v.invariant));
    expect([...invariants(result.clean.violations)]).toContain('consistent');
    expect(result.failures.length).toBeGreaterThan(result.explored / 4);
    expect(invariants(result.failures.flatMap((f) => f.violations)).has('consistent')).toBe(true);
  }, 60_000);
});
