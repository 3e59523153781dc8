/** Times one power switch into a CutRecord. */
import type { CutRecord } from './types.ts';

export async function timedSwitch(method: string, action: 'off' | 'on', work: () => Promise<{ verified: boolean; detail: string }>): Promise<CutRecord> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const { verified, detail } = await work();
  return { method, action, startedAt, latencyMs: Math.round((performance.now() - t0) * 10) / 10, verified, detail };
}
