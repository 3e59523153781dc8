// The hung-app model on the boot loop: a running watchdog resets the board (a failed trial boot);
// without one the board stays hung and the run ends there. Neither counts as an updater bite.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../load/index.ts';
import type { Scenario } from '../types.ts';
import { tsTarget } from './ts.ts';

const FILE = join(import.meta.dirname, '../library/trial-hang-rollback.yaml');
const run = (s: Scenario) => tsTarget().run(s, { faults: [], seed: 1, maxBoots: 8 });

describe('a hung app (ts target)', () => {
  it('is reset by the watchdog on every trial boot until the version is rolled back', async () => {
    const s = await loadScenario(FILE);
    const r = await run(s);
    expect(r.boots.map((b) => [b.cause, b.end])).toEqual([
      ['power-on', 'reset'],
      ['watchdog', 'app-hang'],
      ['watchdog', 'app-hang'],
      ['watchdog', 'idle'],
    ]);
    expect(r.watchdogResets).toBe(0);
  });

  it('with no watchdog configured, stays hung for good: the run ends on the first trial boot', async () => {
    const s = await loadScenario(FILE);
    const off: Scenario = { ...s, device: { ...s.device, config: { ...s.device.config, watchdog_timeout_ms: null } } };
    const r = await run(off);
    expect(r.boots.map((b) => b.end)).toEqual(['reset', 'app-hang']);
  });
});
