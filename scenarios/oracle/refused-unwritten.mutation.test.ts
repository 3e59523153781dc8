// A mutation check for `refused-unwritten`: core's transport is patched to hand a file download's
// response to the file writer whatever its status (the planted defect "a non-2xx body is passed to
// the file writer"; only the hash check would stop it later). The library scenario whose error
// pages are as long as the files must then fail — at the clean run and across its sweep — and
// pass without the defect, so the invariant's strength can't silently regress.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { judgeFor } from '../lab/context.ts';
import { sweep } from '../lab/sweep.ts';
import { loadScenario } from '../load/index.ts';
import { tsTarget } from '../targets/ts.ts';

const planted = vi.hoisted(() => ({ on: false }));

vi.mock('../../core/github/transport.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../core/github/transport.ts')>();
  class Transport extends original.Transport {
    override async get(spec: Parameters<InstanceType<typeof original.Transport>['get']>[0]): Promise<Response> {
      if (!planted.on || spec.accept !== 'bytes') return super.get(spec);
      // The defect: redirects followed, then no status check at all.
      return (this as unknown as { followRedirects(s: typeof spec): Promise<Response> }).followRedirects(spec);
    }
  }
  return { ...original, Transport };
});

const file = join(import.meta.dirname, '../library/error-page-on-file-download.yaml');

async function sweepOnce(shard?: { index: number; count: number }) {
  const scenario = await loadScenario(file);
  return sweep(tsTarget(), scenario, file, { maxBoots: scenario.maxBoots ?? 8, judge: judgeFor(scenario), ...(shard ? { shard } : {}) });
}

describe('the oracle against a non-2xx body handed to the file writer', () => {
  it('passes without the defect', async () => {
    planted.on = false;
    const result = await sweepOnce({ index: 1, count: 4 });
    expect(result.clean.violations).toEqual([]);
    expect(result.failedPoints).toEqual([]);
  }, 60_000);

  it('reports refused-unwritten in the clean run and across the sweep with it', async () => {
    planted.on = true;
    try {
      const result = await sweepOnce({ index: 1, count: 4 });
      const invariants = (vs: { invariant: string }[]) => new Set(vs.map((v) => v.invariant));
      expect([...invariants(result.clean.violations)]).toContain('refused-unwritten');
      expect(result.clean.violations.find((v) => v.invariant === 'refused-unwritten')?.message).toMatch(/HTTP (500|404)\).*written to \.ota_stage\/(main\.py|lib\/helper\.py)\.part/);
      expect(result.failedPoints.length).toBeGreaterThan(result.explored / 4);
      expect(invariants(result.failures.flatMap((f) => f.violations)).has('refused-unwritten')).toBe(true);
    } finally {
      planted.on = false;
    }
  }, 60_000);
});
