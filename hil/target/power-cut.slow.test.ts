// Cuts by real power on the virtual rig (driver virtual, a host-switched power): a cut before op K
// gives the micropython target's boots (causes included: the boot after the cut reads power-on,
// not a watchdog reset) and files; a time-keyed cut power-cycles the board mid-run, the kit's ask
// is answered and the run goes on armed to the updater's end state. The time-keyed cut's instant is
// midway through boot 0's update as the clean run just before it measured it: board time is wall time, and a
// fixed 300 ms landed before boot 0 began on a loaded machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRig, type OpenedRig } from './rig-target.ts';
import type { RunRecord } from './board-target.ts';
import { loadScenario } from '../../scenarios/load/index.ts';
import { micropythonTarget } from '../../scenarios/targets/micropython.ts';
import type { Fault, Scenario } from '../../scenarios/types.ts';
import type { RunResult } from '../../scenarios/target.ts';

const LIB = 'scenarios/library';
const bootsOf = (r: RunResult) => r.boots.map((b) => `${b.index} ${b.cause} ${b.end}${b.outcome ? ` ${b.outcome}` : ''}`);

describe('power cuts on the virtual rig', () => {
  let rig: OpenedRig;
  const records: RunRecord[] = [];
  let scenario: Scenario;

  beforeAll(async () => {
    rig = await openRig('virtual', { onRun: (r) => records.push(r) });
    scenario = await loadScenario(`${LIB}/stable-latest-release.yaml`);
  }, 60_000);
  afterAll(async () => rig?.close());

  const both = async (faults: Fault[]) => {
    const plan = { faults: [...(scenario.faults ?? []), ...faults], maxBoots: scenario.maxBoots ?? 8 };
    const board = await rig.boards[0]!.target.run(scenario, plan);
    const sim = await micropythonTarget().run(scenario, plan);
    return { board, sim };
  };

  it('a cut before op 12: the same boots, causes and files as the micropython target, recorded as power via virtual', async () => {
    const { board, sim } = await both([{ kind: 'power-cut', op: 12 }]);
    expect(board.unfired).toEqual([]);
    expect(bootsOf(board)).toEqual(bootsOf(sim));
    expect(board.boots[1]?.cause).toBe('power-on');
    expect(board.boots[0]?.end).toBe('power-cut');
    expect(board.flashOps).toBe(sim.flashOps);
    expect([...board.files.keys()].sort()).toEqual([...sim.files.keys()].sort());
    for (const [p, b] of sim.files) expect(Buffer.from(board.files.get(p)!).toString('hex'), p).toBe(Buffer.from(b).toString('hex'));
    expect(records.at(-1)?.cutMethod).toMatch(/^power via virtual/);
    expect(records.at(-1)?.cut).toEqual({ op: 12, mode: 'before' });
  }, 180_000);

  it('a cut in the middle of boot 0, by wall time after the run started: boot 0 ends in a power cut, the next boot reads power-on, the run ends updated', async () => {
    const { board } = await both([]);
    const clean = board;
    const marks = records.at(-1)!.timeline.marks;
    const on = marks.find((m) => m.lane === 'power' && m.what.startsWith('run starts with a power cycle'))?.atMs;
    const boot0 = marks.find((m) => m.lane === 'boot')?.atMs;
    const updated = marks.find((m) => m.lane === 'kit' && m.what.startsWith('outcome:'))?.atMs;
    expect(on, 'the clean run starts with a power cycle').toBeDefined();
    expect(boot0 !== undefined && updated !== undefined, 'the clean run has boot 0 and its outcome').toBe(true);
    // Midway between boot 0's start and its update's end (the reboot after it takes long and varies).
    const atMs = Math.round((boot0! + updated!) / 2 - on!);
    const cut = await rig.boards[0]!.target.run(scenario, { faults: [...(scenario.faults ?? []), { kind: 'power-cut-at-time', atMs }], maxBoots: scenario.maxBoots ?? 8 });
    expect(cut.unfired).toEqual([]);
    const at = cut.boots.findIndex((b) => b.end === 'power-cut');
    expect(at, `a boot ends in the cut at ${atMs} ms:\n${records.at(-1)!.timeline.lines().join('\n')}`).toBeGreaterThanOrEqual(0);
    expect(cut.boots[at + 1]?.cause).toBe('power-on');
    expect(cut.boots.length).toBeGreaterThan(clean.boots.length);
    for (const [p, b] of clean.files) expect(Buffer.from(cut.files.get(p) ?? []).toString('hex'), p).toBe(Buffer.from(b).toString('hex'));
    expect(records.at(-1)?.cutMethod).toBe(`power via virtual at ${atMs} ms of wall time after the run started`);
    expect(records.at(-1)?.cut).toEqual({ atMs });
    expect(cut.log.join('\n')).not.toMatch(/kit error/);
  }, 180_000);
});
