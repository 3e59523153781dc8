// The kit on the simulator's virtual Pico W (no hardware): its op events are the flash's op log,
// and its cut at op K leaves the flash the simulator's power cut at op K leaves.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LIBRARY_DIR, loadScenario } from '../../scenarios/load/index.ts';
import { foldKitEvents } from './index.ts';
import { runKitOnSim } from './test-sim-board.ts';

vi.mock('../../sim/micropython/interpreter.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../sim/micropython/interpreter.ts')>();
  const { withKitHardware } = await import('./test-hardware.ts');
  return { ...orig, loadInterpreter: withKitHardware(orig.loadInterpreter) };
});

const scenario = (name: string) => loadScenario(join(LIBRARY_DIR, `${name}.yaml`));

describe('kit on the simulator', () => {
  it('smoke', async () => {
    const s = await scenario('fresh-board-first-install');
    const t0 = Date.now();
    const r = await runKitOnSim(s, { plan: { maxBoots: s.maxBoots ?? 8 }, log: (l) => console.log(l) });
    console.log(Date.now() - t0, r.uart.slice(0, 3000));
    console.log(JSON.stringify(foldKitEvents(r.events).boots.map((b) => [b.cause, b.end, b.outcome])));
    expect(r.events.filter((e) => e.ev === 'op').length).toBe(r.opLog.length);
  });
});
