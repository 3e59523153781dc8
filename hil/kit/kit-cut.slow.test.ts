// A kit cut at op K (machine.reset() before or after the op) leaves the flash exactly as the
// simulator's power cut at op K does, and the next boot's recovery ends in the same state.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LIBRARY_DIR, loadScenario } from '../../scenarios/load/index.ts';
import { micropythonTarget } from '../../scenarios/targets/micropython.ts';
import { foldKitEvents } from './index.ts';
import { runKitOnSim, type KitSimRun } from './test-sim-board.ts';

vi.mock('../../sim/micropython/interpreter.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../sim/micropython/interpreter.ts')>();
  const { withKitHardware } = await import('./test-hardware.ts');
  return { ...orig, loadInterpreter: withKitHardware(orig.loadInterpreter) };
});

const hex = (m: Map<string, Uint8Array>) => [...m].map(([p, b]) => [p, Buffer.from(b).toString('hex')]);
// By position: an unarmed kit (registers cleared by a power-on) numbers its boot 0 again.
const recoveredAfter = (r: KitSimRun, boot: number) => foldKitEvents(r.events).boots[boot];

describe('kit cut = simulator power cut', () => {
  it('at ops across a whole update (stage, commit, reset, trial, confirm), before and after', { timeout: 55_000 }, async () => {
    const s = await loadScenario(join(LIBRARY_DIR, 'add-replace-delete-nested-empty.yaml'));
    const maxBoots = s.maxBoots ?? 8;
    const whole = await runKitOnSim(s, { plan: { maxBoots } });
    const n = whole.opLog.length;
    expect(n).toBeGreaterThan(20);
    // Nine points spread over the run, its first and last op included (each costs two runs).
    const ks = [...new Set([...Array.from({ length: 8 }, (_, i) => Math.floor((i * n) / 8)), n - 1])];
    for (const k of ks) {
      for (const mode of ['before', 'after'] as const) {
        const at = `op ${k} (${whole.opLog[k]!.kind} ${whole.opLog[k]!.path}) ${mode}`;
        const sim = await runKitOnSim(s, { plan: { maxBoots }, simCuts: [{ op: k, mode }], stopAfterCutPlusOne: true });
        const kit = await runKitOnSim(s, { plan: { maxBoots, cutOp: k, mode }, stopAfterCutPlusOne: true });
        const simStop = sim.stops.find((x) => x.by === 'power-cut');
        const kitStop = kit.stops.find((x) => x.by === 'kit-cut');
        expect(simStop, at).toBeDefined();
        expect(kitStop, at).toBeDefined();
        expect(foldKitEvents(kit.events).cutFired, at).toEqual({ op: k, mode });
        expect(kitStop!.boot, at).toBe(simStop!.boot);
        // The same ops led there, and the kit counted op K (a cut before it: the flash never saw it).
        const counted = foldKitEvents(kit.events).ops.slice(0, k + 1).map((o) => [o.index, o.kind, o.path, o.to ?? null]);
        expect(counted, at).toEqual(sim.opLog.slice(0, k + 1).map((o) => [o.index, o.kind, o.path, o.to ?? null]));
        expect(kit.opLog.slice(0, k), at).toEqual(sim.opLog.slice(0, k));
        expect([hex(kitStop!.files), kitStop!.dirs], at).toEqual([hex(simStop!.files), simStop!.dirs]);
        // The boot after: recovery finds and leaves the same flash (sim: the kit unarmed after the
        // power-on cleared its registers; kit: armed, after a watchdog reboot).
        const next = simStop!.boot + 1;
        const a = recoveredAfter(sim, next);
        const b = recoveredAfter(kit, next);
        expect(a?.afterRecovery, at).not.toBeNull();
        expect([b?.recoveryAction, [...(b?.afterRecovery ?? [])], b?.dirsAfterRecovery], at).toEqual([a?.recoveryAction, [...(a?.afterRecovery ?? [])], a?.dirsAfterRecovery]);
        expect([a?.cause, b?.cause], at).toEqual(['power-on', 'watchdog']);
      }
    }
  });
});

describe('real power cuts (the host cuts, then answers the kit after the power-on)', () => {
  it.each(['power-cut-during-commit', 'trial-survives-power-cuts', 'h4-rollback-cut-keeps-backups'])('%s: the run goes on armed and its boots are the micropython target\'s', { timeout: 30_000 }, async (name) => {
    const s = await loadScenario(join(LIBRARY_DIR, `${name}.yaml`));
    const maxBoots = s.maxBoots ?? 8;
    const kit = await runKitOnSim(s, { answer: { maxBoots } });
    const run = foldKitEvents(kit.events);
    const ref = await micropythonTarget().run(s, { faults: s.faults ?? [], seed: 1, maxBoots });
    expect(kit.events.filter((e) => e.ev === 'ask').length).toBe(ref.boots.filter((b) => b.cause === 'power-on').length);
    expect(run.boots.map((b) => [b.index, b.cause, b.end, b.outcome ?? null])).toEqual(ref.boots.map((b) => [b.index, b.cause, b.end, b.outcome ?? null]));
    expect(run.ops.map((o) => [o.kind, o.to === undefined ? o.path : `${o.path} -> ${o.to}`, o.boot, o.phase])).toEqual(ref.ops.map((o) => [o.kind, o.path, o.boot, o.phase]));
    expect(run.ended).not.toBeNull();
  });
});

describe('mode power: the kit stops before op K and the host cuts the real power', () => {
  it.each(['power-cut-during-commit', 'h4-rollback-cut-keeps-backups'])('%s: the same run as the simulator\'s power cut at that op', { timeout: 30_000 }, async (name) => {
    const s = await loadScenario(join(LIBRARY_DIR, `${name}.yaml`));
    const fault = (s.faults ?? [])[0];
    if (fault?.kind !== 'power-cut' || (fault.mode ?? 'before') !== 'before' || s.faults!.length !== 1) throw new Error(`${name}: expected one power cut before an op`);
    const maxBoots = s.maxBoots ?? 8;
    const kit = await runKitOnSim({ ...s, faults: [] }, { answer: { maxBoots, cutOp: fault.op, mode: 'power' } });
    const run = foldKitEvents(kit.events);
    const ref = await micropythonTarget().run(s, { faults: s.faults!, seed: 1, maxBoots });
    expect(run.cutFired).toEqual({ op: fault.op, mode: 'power' });
    expect(kit.stops.map((x) => x.by)).toContain('power-cut');
    expect(run.boots.map((b) => [b.index, b.cause, b.end, b.outcome ?? null])).toEqual(ref.boots.map((b) => [b.index, b.cause, b.end, b.outcome ?? null]));
    expect(run.ops.map((o) => [o.kind, o.to === undefined ? o.path : `${o.path} -> ${o.to}`, o.boot, o.phase])).toEqual(ref.ops.map((o) => [o.kind, o.path, o.boot, o.phase]));
  });
});
