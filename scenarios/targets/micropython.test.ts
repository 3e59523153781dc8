// The micropython target's boot loop, with a stand-in device program (sim/micropython/testdata)
// so it does not depend on device/; one end-to-end run with the real device/ when it exists.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleSpec } from '../../sim/github/test-fixture.ts';
import { DEVICE_DIR } from '../../sim/micropython/firmware.ts';
import { judgeFor } from '../lab/context.ts';
import { loadScenario } from '../load/index.ts';
import type { RunResult } from '../target.ts';
import type { Fault, Scenario } from '../types.ts';
import { micropythonTarget } from './micropython.ts';
import { tsTarget } from './ts.ts';

const STANDIN = join(import.meta.dirname, '../../sim/micropython/testdata/standin');
const text = (run: RunResult, path: string) => {
  const b = run.files.get(path);
  return b === undefined ? undefined : new TextDecoder().decode(b);
};

function scenario(files: Record<string, string> = {}): Scenario {
  return { name: 't', description: 't', device: { config: { owner: 'acme', repo: 'fw' }, files }, server: sampleSpec(), expect: {} };
}

const run = (s: Scenario, faults: Fault[] = [], maxBoots = 8) => micropythonTarget({ firmwareDir: STANDIN }).run(s, { faults, seed: 1, maxBoots });

describe('micropython target (stand-in device program)', () => {
  it('boots until idle: the reset after an update starts the next boot, the healthy app confirms', async () => {
    const r = await run(scenario());
    expect(r.boots.map((b) => [b.cause, b.end, b.outcome])).toEqual([
      ['power-on', 'reset', 'updated 0000000 -> 1111111 (+1 ~0 -0 =0)'],
      // rp2's machine.reset() is a watchdog reboot: the next boot reads WDT_RESET.
      ['watchdog', 'idle', 'up-to-date 1111111'],
    ]);
    expect([text(r, 'boots.txt'), text(r, 'app.txt'), text(r, 'confirmed.txt')]).toEqual(['2', 'v2', 'yes']);
  });

  it('leaves the unchanged updater files out of what the oracle sees, at the end and after recovery', async () => {
    const r = await run(scenario());
    expect([...r.files.keys()].sort()).toEqual(['app.txt', 'boots.txt', 'confirmed.txt', 'ota_config.json']);
    // Boot 1's snapshot is taken when the device reports recovery, before it counts the boot.
    const after = r.boots[1]!.afterRecovery!;
    expect([...after.keys()].sort()).toEqual(['app.txt', 'boots.txt', 'ota_config.json']);
    expect(new TextDecoder().decode(after.get('boots.txt'))).toBe('1');
  });

  it('a power cut ends the boot mid-statement and the next boot is a power-on', async () => {
    const r = await run(scenario(), [{ kind: 'power-cut', op: 1, mode: 'before' }]);
    expect(r.boots.map((b) => [b.cause, b.end])).toEqual([
      ['power-on', 'power-cut'],
      ['power-on', 'reset'],
      ['watchdog', 'idle'],
    ]);
    expect(r.boots[0]!.outcome).toBeUndefined();
    expect(text(r, 'boots.txt')).toBe('2'); // the cut boot's count never landed
  });

  it('a crashing app (the crash marker in main.py) confirms nothing and the next boot is a watchdog reset', async () => {
    const r = await run(scenario({ 'app.txt': 'v1', 'main.py': '# otalab:app=crash\n' }), [], 3);
    expect(r.boots.map((b) => [b.cause, b.end])).toEqual([
      ['power-on', 'app-crash'],
      ['watchdog', 'app-crash'],
      ['watchdog', 'app-crash'],
    ]);
    expect(text(r, 'confirmed.txt')).toBeUndefined();
  });

  it('after a failed check it checks again at later boots, at most 3 times, a minute apart', async () => {
    const r = await run(scenario({ 'app.txt': 'v1', 'fail.flag': '' }));
    expect(r.boots.map((b) => b.cause)).toEqual(['power-on', 'soft', 'soft', 'soft']);
    expect(r.virtualTimeMs).toBeGreaterThanOrEqual(3 * 60_000);
    expect(r.virtualTimeMs).toBeLessThan(3 * 60_000 + 1_000);
  });

  it('names scenarios whose files would replace the updater itself, and only those', () => {
    const target = micropythonTarget({ firmwareDir: STANDIN });
    expect(target.cannotRun(scenario({ 'boot.py': '# stand-in\n' }))).toMatch(/boot\.py/);
    expect(target.cannotRun(scenario({ 'main.py': 'print(1)\n' }))).toBeNull();
    const yaml = scenario();
    yaml.device.configFile = 'ota_config.yaml';
    expect(target.cannotRun(yaml)).toMatch(/reads ota_config\.json only/);
  });

  it('names a board it cannot load (a file where the updater needs a directory) instead of aborting', () => {
    const target = micropythonTarget({ firmwareDir: STANDIN });
    expect(target.cannotRun(scenario({ lib: 'a file, not a directory\n' }))).toMatch(/cannot be loaded.*"lib" is both a file and a directory/);
  });
});

describe.skipIf(!existsSync(join(DEVICE_DIR, 'boot.py')))('micropython target with device/', () => {
  it('updates to the latest release and the oracle finds nothing wrong', async () => {
    const s = await loadScenario(join(import.meta.dirname, '../library/stable-latest-release.yaml'));
    const r = await micropythonTarget().run(s, { faults: s.faults ?? [], seed: 1, maxBoots: s.maxBoots ?? 8 });
    expect(judgeFor(s)(r, [])).toEqual([]);
    expect(r.boots.map((b) => b.end)).toEqual(['reset', 'idle']);
  });

  it('reports the longest unfed watchdog gap in virtual time, as the ts target does', async () => {
    const base = await loadScenario(join(import.meta.dirname, '../library/stable-latest-release.yaml'));
    const s: Scenario = { ...base, device: { ...base.device, config: { ...base.device.config, watchdog_timeout_ms: 8000 } } };
    const plan = { faults: [], maxBoots: 8 };
    const [py, ts] = [await micropythonTarget().run(s, plan), await tsTarget().run(s, plan)];
    for (const r of [py, ts]) {
      expect(r.watchdogResets).toBe(0);
      expect(r.maxFeedGapMs).toBeGreaterThan(0);
      expect(r.maxFeedGapMs).toBeLessThan(8000);
    }
    // Without a watchdog (`watchdog_timeout_ms: null` turns the lab's default one off) there is no gap to report.
    const off: Scenario = { ...base, device: { ...base.device, config: { ...base.device.config, watchdog_timeout_ms: null } } };
    for (const r of [await micropythonTarget().run(off, plan), await tsTarget().run(off, plan)]) expect(r.maxFeedGapMs).toBe(0);
  });

  it('precompiled .mpy and source compiled in the interpreter give the same run, clean and with a power cut', async () => {
    const s = await loadScenario(join(import.meta.dirname, '../library/stable-latest-release.yaml'));
    const plans = [[], [{ kind: 'power-cut' as const, op: 3, mode: 'torn' as const }]];
    for (const faults of plans) {
      const [twin, source] = await Promise.all([true, false].map((precompiled) => micropythonTarget({ precompiled }).run(s, { faults, seed: 1, maxBoots: 8 })));
      expect(twin!.files).toEqual(source!.files);
      expect([twin!.boots, twin!.ops, twin!.requests, twin!.virtualTimeMs, twin!.log]).toEqual([source!.boots, source!.ops, source!.requests, source!.virtualTimeMs, source!.log]);
    }
  });
});
