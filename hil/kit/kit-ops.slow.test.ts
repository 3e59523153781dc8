// The kit on the simulator's virtual Pico W (no hardware), running the real device/ updater:
// its op events are the flash's op log of the same run, and its boot loop (app model, rechecks,
// budget) gives the boots the micropython target gives for the same scenario.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LIBRARY_DIR, loadScenario } from '../../scenarios/load/index.ts';
import { micropythonTarget } from '../../scenarios/targets/micropython.ts';
import { foldKitEvents, runResultOps, withoutKit } from './index.ts';
import { runKitOnSim } from './test-sim-board.ts';
import { firmwareFiles } from '../../sim/micropython/firmware.ts';

vi.mock('../../sim/micropython/interpreter.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../sim/micropython/interpreter.ts')>();
  const { withKitHardware } = await import('./test-hardware.ts');
  return { ...orig, loadInterpreter: withKitHardware(orig.loadInterpreter) };
});

/** A JSON state file without its `time` fields; any other file as text. */
function timeless(path: string, bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return undefined;
  const text = new TextDecoder().decode(bytes);
  if (!path.endsWith('.json')) return text;
  return JSON.parse(text, (k, v: unknown) => (k === 'time' ? 0 : v));
}

const SCENARIOS = ['add-replace-delete-nested-empty', 'trial-fails-rollback', 'trial-hang-rollback', 'network-down-stays-put', 'h2-rollback-removes-new-files', 'user-tmp-files-kept'];

/** Boot ends and causes the runs above went through (the app model and rechecks must be exercised). */
const seen = new Set<string>();

describe('kit on the simulator: op events and boots', () => {
  it.each(SCENARIOS)('%s: op events = the flash op log; boots = the micropython target', { timeout: 40_000 }, async (name) => {
    const s = await loadScenario(join(LIBRARY_DIR, `${name}.yaml`));
    const maxBoots = s.maxBoots ?? 8;
    const kit = await runKitOnSim(s, { plan: { maxBoots } });
    const run = foldKitEvents(kit.events);
    expect(run.garbled).toBe(0);
    // The same run: every op the flash logged, in order, was counted by the kit with the same index.
    const flashOps = kit.opLog.map((o) => [o.index, o.kind, o.path, o.to ?? null]);
    expect(run.ops.map((o) => [o.index, o.kind, o.path, o.to ?? null])).toEqual(flashOps);
    expect(flashOps.length).toBeGreaterThan(0);
    expect(run.flashOps).toBe(kit.board.flash.opCount);
    expect(run.ended).not.toBeNull();

    // The reference run, without the kit: same ops, same boots, same end state.
    const ref = await micropythonTarget().run(s, { faults: s.faults ?? [], seed: 1, maxBoots });
    expect(runResultOps(run)).toEqual(ref.ops.map((o) => ({ ...o, modes: o.modes.filter((m) => m !== 'torn') })));
    expect(run.boots.map((b) => [b.index, b.cause, b.end, b.outcome ?? null])).toEqual(ref.boots.map((b) => [b.index, b.cause, b.end, b.outcome ?? null]));
    expect(run.watchdogResets).toBe(ref.watchdogResets);
    // Its wrapped watchdog measures the gaps the simulator's watchdog saw (ticks_ms: whole ms).
    expect(Math.abs(run.maxFeedGapMs - ref.maxFeedGapMs)).toBeLessThan(1);
    for (const b of run.boots) seen.add(`end:${b.end}`).add(`cause:${b.cause}`);
    const device = firmwareFiles();
    const end = withoutKit(kit.board.flash.snapshot(), device.get('boot.py')!);
    // The kit's sha256 pass after recovery reads every file, and reads cost virtual time on the
    // simulated flash (as real time on a board): recorded times may differ, nothing else.
    for (const [p, bytes] of ref.files) if (!p.endsWith('/')) expect([p, timeless(p, end.get(p))]).toEqual([p, timeless(p, bytes)]);
    // Whatever the reference hides is the updater's own files, unchanged.
    for (const [p, bytes] of end) if (!ref.files.has(p)) expect([p, Buffer.compare(bytes, device.get(p) ?? new Uint8Array([1]))]).toEqual([p, 0]);
  });

  it('the runs above went through a crashing app, a hung app, a recheck and an updater reset', () => {
    expect([...seen].sort()).toEqual(expect.arrayContaining(['end:app-crash', 'end:app-hang', 'end:reset', 'end:idle', 'cause:soft', 'cause:watchdog', 'cause:power-on']));
  });
});
