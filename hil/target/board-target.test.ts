// The board target's rig handling, on a fake rig: a board that does not answer at a run's start is
// power-cycled and asked again (a CI run once saw the virtual board stop answering and every later
// scenario end in rig errors); a rig that keeps failing is retried, then a TargetError — never a
// verdict — naming every attempt.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenarios/load/index.ts';
import { TargetError } from '../../scenarios/target.ts';
import { boardTarget, RIG_ATTEMPTS, type BoardRepl, type KitPort, type RigBoard, type RunRecord } from './board-target.ts';
import type { ByteCut } from './byte-cuts.ts';

function fakeRig(reachFails: number, cutsPower = false, byteCut?: ByteCut) {
  const log: string[] = [];
  let lanCut: ((cut: ByteCut) => Promise<void>) | undefined;
  // A switchable rig's kit asks once after the run's power-on; the run ends after the answer.
  let uart = '';
  let fails = reachFails;
  const repl: BoardRepl = {
    exec: async () => '',
    deploy: async (files) => ({ written: files.size, skipped: 0 }),
    dump: async () => ({ files: new Map(), dirs: [] }),
    reset: async () => void log.push('reset'),
    close: async () => undefined,
  };
  const board: RigBoard = {
    id: 'fake',
    spec: { name: 'board:fake', flash: 'littlefs', rig: 'fake.yaml' },
    about: {},
    lanCannot: () => null,
    startLan: async (_s, _f, _t, onPowerCut) => {
      lanCut = onPowerCut;
      return { apiBase: 'http://127.0.0.1:1', rawBase: 'http://127.0.0.1:2', requests: [], events: [], unfired: () => [], close: async () => undefined };
    },
    powerDriver: 'fake',
    cutsPower,
    cutHoldMs: 7,
    powerCycle: async (_t, offMs) => {
      log.push(offMs === undefined ? 'cycle' : `cycle off ${offMs} ms`);
      if (cutsPower && uart === 'armed') uart = 'asked';
      return 'fake off/on';
    },
    reach: async () => {
      if (fails-- > 0) {
        log.push('no answer');
        throw new TargetError('could not enter raw REPL');
      }
      log.push('reach');
      return repl;
    },
    uartMark: () => 0,
    uartText: () => uart,
    uartTimeAt: () => 0,
    uartWait: async (_from, done) => {
      // The ask arrives after the power cycle the run starts with (queued, not awaited, by the driver).
      for (let i = 0; i < 50 && !done(uart); i++) await new Promise((r) => setTimeout(r, 1));
      return done(uart) ? true : 'silent';
    },
    uartWrite: async (text) => {
      log.push(`answer ${text}`);
      if (byteCut && lanCut) {
        // The board reads the matching body: the LAN counts the bytes and asks for the cut; the
        // run goes on once the power was cycled.
        const ask = lanCut;
        lanCut = undefined;
        uart = 'downloading';
        void ask(byteCut).then(() => {
          log.push('LAN: cut made');
          uart = 'answered';
        });
        return;
      }
      uart = 'answered';
    },
    close: async () => undefined,
  };
  const kit: KitPort = {
    files: new Map(),
    bootPy: (b) => b,
    isKitPath: (p) => p.startsWith('.otalab_kit'),
    holdPath: '.otalab_kit/hold',
    arm: async () => {
      uart = cutsPower ? 'armed' : 'answered';
    },
    hold: async () => undefined,
    progress: (text) => ({ powerCuts: 0, asks: text === 'asked' || text === 'answered' ? 1 : 0, flashOps: 0, cutOps: [] }),
    answer: (_text, plan) => `plan ${plan.maxBoots}`,
    ended: (text) => text === 'answered',
    fold: () => ({ boots: [{ index: 0, cause: 'watchdog', afterRecovery: null, end: 'idle' }], ops: [], cutFired: false, watchdogResets: 0, maxFeedGapMs: 0, log: [] }),
    cutMethod: 'fake',
  };
  return { board, kit, log };
}

describe('the board target on a fake rig', async () => {
  const scenario = await loadScenario('scenarios/library/stable-latest-release.yaml');

  it('power-cycles a board that does not answer at the start, then runs', async () => {
    const { board, kit, log } = fakeRig(1);
    const run = await boardTarget(board, kit).run(scenario, { faults: [], maxBoots: 8 });
    expect(run.target).toBe('board:fake');
    expect(log.slice(0, 4)).toEqual(['no answer', 'cycle', 'reach', 'cycle']);
    expect(log).toContain('reset');
  });

  it('starts a switchable board with a power cycle (no reset) and answers the kit\'s ask with the plan', async () => {
    const { board, kit, log } = fakeRig(0, true);
    await boardTarget(board, kit).run(scenario, { faults: [], maxBoots: 8 });
    expect(log).not.toContain('reset');
    const answer = log.indexOf('answer plan 8');
    expect(answer).toBeGreaterThan(0);
    // reach, hold-cycle, reach, deploy; the run's own cycle comes before the kit's ask is answered.
    expect(log.slice(0, answer).filter((l) => l === 'cycle')).toHaveLength(2);
  });

  it('routes the LAN\'s byte-keyed cut to the power driver, held off cutHoldMs, and records it as power via <driver> (bytes: N of <url>)', async () => {
    const url = 'https://raw.githubusercontent.com/otalab/demo-app/abc/data/model.bin';
    const { board, kit, log } = fakeRig(0, true, { afterBytes: 6000, url });
    const own = await loadScenario('scenarios/library/power-cut-mid-download.yaml');
    const records: RunRecord[] = [];
    await boardTarget(board, kit, { onRun: (r) => records.push(r) }).run(own, { faults: own.faults ?? [], maxBoots: 8 });
    // The cut is a power cycle with the hold, made before the LAN lets the run go on.
    const cut = log.indexOf('cycle off 7 ms');
    expect(cut).toBeGreaterThan(log.indexOf('answer plan 8'));
    expect(log.indexOf('LAN: cut made')).toBeGreaterThan(cut);
    expect(log.filter((l) => l.startsWith('cycle off'))).toHaveLength(1);
    const marks = records[0]!.timeline.marks.map((m) => `${m.lane} ${m.what}`);
    expect(marks).toContain(`power byte-keyed cut: power via fake (bytes: 6000 of ${url})`);
    expect(records[0]!.cutMethod).toBe('power via fake (bytes: 6000 of data/model.bin)');
    // Added by a sweep, it is the run's cut point.
    const added = fakeRig(0, true, { afterBytes: 10, url });
    const addedRecords: RunRecord[] = [];
    await boardTarget(added.board, added.kit, { onRun: (r) => addedRecords.push(r) }).run(scenario, { faults: [{ kind: 'power-cut-at-bytes', afterBytes: 10 }], maxBoots: 8 });
    expect(addedRecords[0]!.cut).toEqual({ afterBytes: 10 });
    expect(added.log).toContain('cycle off 7 ms');
  });

  it(`gives up after ${RIG_ATTEMPTS} attempts with a TargetError naming each`, async () => {
    const { board, kit } = fakeRig(100);
    const err = await boardTarget(board, kit).run(scenario, { faults: [], maxBoots: 8 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect((err as Error).message).toMatch(/3 attempts failed \(attempt 1: could not enter raw REPL; attempt 2: .*; attempt 3: /);
  });
});
