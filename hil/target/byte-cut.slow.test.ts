// A byte-keyed cut on the virtual rig (driver virtual): power-cut-mid-download's own cut — the LAN
// writes 6000 of data/model.bin's 12000 bytes, the board target cycles the power, the kit's ask
// after the power-on is answered and the run goes on to v2 with the files the micropython target
// ends with. The count is bytes written to the socket: the board may not have read them all when
// its power goes (docs/hil.md), so its flash ops may differ from the simulator's — files may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRig, type OpenedRig } from './rig-target.ts';
import type { RunRecord } from './board-target.ts';
import { loadScenario } from '../../scenarios/load/index.ts';
import { micropythonTarget } from '../../scenarios/targets/micropython.ts';
import { judgeFor } from '../../scenarios/lab/context.ts';
import type { Scenario } from '../../scenarios/types.ts';

describe('byte-keyed cut on the virtual rig', () => {
  let rig: OpenedRig;
  const records: RunRecord[] = [];
  let scenario: Scenario;

  beforeAll(async () => {
    rig = await openRig('virtual', { onRun: (r) => records.push(r) });
    scenario = await loadScenario('scenarios/library/power-cut-mid-download.yaml');
  }, 60_000);
  afterAll(async () => rig?.close());

  it('power-cut-mid-download: cut after exactly 6000 bytes served, the next boot reads power-on, ends on v2 like the simulator', async () => {
    const plan = { faults: scenario.faults ?? [], maxBoots: scenario.maxBoots ?? 8 };
    const board = await rig.boards[0]!.target.run(scenario, plan);
    const sim = await micropythonTarget().run(scenario, plan);
    expect(board.unfired).toEqual([]);
    expect(board.boots[0]?.end).toBe('power-cut');
    expect(board.boots[1]?.cause).toBe('power-on');
    const model = board.requests.filter((r) => r.url.endsWith('/data/model.bin'));
    expect(model.map((r) => (r as { sentBytes?: number }).sentBytes)).toEqual([6000, 12000]);
    expect([...board.files.keys()].sort()).toEqual([...sim.files.keys()].sort());
    for (const [p, b] of sim.files) if (p !== 'ota_error.json') expect(Buffer.from(board.files.get(p)!).toString('hex'), p).toBe(Buffer.from(b).toString('hex'));
    expect(judgeFor(scenario)(board, [])).toEqual([]);
    const record = records.at(-1)!;
    expect(record.cutMethod).toBe('power via virtual (bytes: 6000 of data/model.bin)');
    const marks = record.timeline.marks.map((m) => `${m.lane} ${m.what}`);
    expect(marks.filter((m) => m.startsWith('power byte-keyed cut: power via virtual (bytes: 6000 of https://raw.githubusercontent.com/otalab/demo-app/'))).toHaveLength(1);
    expect(marks.some((m) => /^power cut at bytes, power held off 200 ms: virtual off/.test(m))).toBe(true);
  }, 240_000);
});
