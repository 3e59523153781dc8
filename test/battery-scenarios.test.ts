// The battery and LED library scenarios on the ts target, for what their YAML cannot say under a
// sweep: the clean run's BATTERY_LOW record, and where the update stopped.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenarios/load/index.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';

const LIBRARY = join(import.meta.dirname, '../scenarios/library');
const text = (b: Uint8Array | undefined) => (b === undefined ? '' : new TextDecoder().decode(b));

describe('battery scenarios (ts)', () => {
  it('a battery falling during the download stops before the third file, records BATTERY_LOW and discards the stage', async () => {
    const scenario = await loadScenario(join(LIBRARY, 'battery-falls-during-download.yaml'));
    const run = await tsTarget().run(scenario, { faults: scenario.faults ?? [], maxBoots: 8 });
    const files = run.requests.filter((r) => r.url.includes('/lib/')).map((r) => r.url.replace(/.*\//, ''));
    expect(files).toEqual(['a.py', 'b.py']);
    expect(text(run.files.get('ota_error.json'))).toContain('"code": "BATTERY_LOW"');
    expect([...run.files.keys()].filter((p) => p.startsWith('.ota_stage/'))).toEqual([]);
  });

  it('a brownout fault fires only on a cell weak enough: at 40 % the spike is carried and nothing resets', async () => {
    const scenario = await loadScenario(join(LIBRARY, 'battery-brownout-mid-commit.yaml'));
    const weak = await tsTarget().run(scenario, { faults: scenario.faults ?? [], maxBoots: 6 });
    expect(weak.boots[0]!.end).toBe('power-cut');
    expect(weak.unfired).toEqual([]);
    const strong = { ...scenario, device: { ...scenario.device, battery: { percent: 40 } } };
    const run = await tsTarget().run(strong, { faults: scenario.faults ?? [], maxBoots: 6 });
    expect(run.boots[0]!.end).toBe('reset');
    expect(run.unfired).toEqual(scenario.faults);
  });
});
