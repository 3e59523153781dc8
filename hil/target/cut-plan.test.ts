// How a run's cuts are made on a board: real power cuts where the host can switch the power (the
// kit holds at the op), the kit's reset otherwise; a time-keyed cut only on a timed switch. The
// kit's answer after a power-on arms the next cut still ahead.
import { describe, expect, it } from 'vitest';
import { cutPlanOf, kitPlanAt } from './cut-plan.ts';
import { kitPort } from './kit-adapter.ts';
import { boardCannot, boardCannotRun } from './reasons.ts';
import { loadScenario } from '../../scenarios/load/index.ts';
import { kitRegisters } from '../kit/index.ts';

const kit = kitPort();
const virtual = { cutsPower: true, powerDriver: 'virtual' };
const manual = { cutsPower: false, powerDriver: 'manual' };
const noLan = () => null;

describe('cutPlanOf', () => {
  it('a cut before or after op K on a switchable board: kit mode power / power-after, recorded as power via the driver', () => {
    const p = cutPlanOf([{ kind: 'power-cut', op: 7 }], virtual, kit);
    expect(p.cuts).toEqual([{ op: 7, mode: 'power' }]);
    expect(kitPlanAt(p, 0, 4)).toEqual({ cutOp: 7, mode: 'power', maxBoots: 4 });
    expect(p.record).toEqual({ op: 7, mode: 'before' });
    expect(p.method).toMatch(/^power via virtual/);
    expect(cutPlanOf([{ kind: 'power-cut', op: 7, mode: 'after' }], virtual, kit).cuts).toEqual([{ op: 7, mode: 'power-after' }]);
  });

  it('on a manual switch: the kit resets, recorded as the kit reset', () => {
    const byHand = cutPlanOf([{ kind: 'power-cut', op: 7, mode: 'after' }], manual, kit);
    expect(byHand.cuts).toEqual([{ op: 7, mode: 'after' }]);
    expect(byHand.method).toBe(kit.cutMethod);
  });

  it("a scenario's own cut and the sweep's: both armed in op order, the run reported under the sweep's", () => {
    const own = { kind: 'power-cut' as const, op: 34 };
    const p = cutPlanOf([own, { kind: 'power-cut', op: 12, mode: 'after' }], virtual, kit, [own]);
    expect(p.record).toEqual({ op: 12, mode: 'after' });
    expect(kitPlanAt(p, 0, 8)).toEqual({ cutOp: 12, mode: 'power-after', maxBoots: 8 });
    expect(kitPlanAt(p, 13, 8)).toEqual({ cutOp: 34, mode: 'power', maxBoots: 8 });
    expect(kitPlanAt(p, 35, 8)).toEqual({ maxBoots: 8 });
    expect(cutPlanOf([own], virtual, kit, [own]).record).toBeNull();
  });

  it('a time-keyed cut: no kit cut, the host cuts at atMs of wall time', () => {
    const p = cutPlanOf([{ kind: 'power-cut-at-time', atMs: 1500 }], virtual, kit);
    expect(p.cuts).toEqual([]);
    expect(p.atMs).toBe(1500);
    expect(p.record).toEqual({ atMs: 1500 });
    expect(p.method).toBe('power via virtual at 1500 ms of wall time after the run started');
    expect(cutPlanOf([], virtual, kit)).toEqual({ record: null, cuts: [], method: 'none' });
  });
});

describe('boardCannot', () => {
  it('time-keyed cuts run where the host can switch the power, not by hand', () => {
    expect(boardCannot({ kind: 'power-cut-at-time', atMs: 10 }, noLan, virtual)).toBeNull();
    expect(boardCannot({ kind: 'power-cut-at-time', atMs: 10 }, noLan, manual)).toMatch(/power driver manual/);
    expect(boardCannot({ kind: 'power-cut', op: 1, mode: 'torn' }, noLan, virtual)).toMatch(/tear/);
  });

  it('byte-keyed cuts: the host switches the power when the LAN counted the bytes, so never by hand; the suite skips the scenario there', async () => {
    const f = { kind: 'power-cut-at-bytes' as const, afterBytes: 6000, urlIncludes: 'data/model.bin' };
    expect(boardCannot(f, noLan, virtual)).toBeNull();
    expect(boardCannot(f, noLan, manual)).toBe('a byte-keyed cut needs a power switch the host can time; power driver manual is a person');
    const p = cutPlanOf([f], virtual, kit);
    expect(p.cuts).toEqual([]);
    expect(p.record).toEqual({ afterBytes: 6000, urlIncludes: 'data/model.bin' });
    expect(p.method).toBe('power via virtual (bytes: 6000 of data/model.bin)');
    expect(cutPlanOf([{ kind: 'power-cut-at-bytes', afterBytes: 9, nth: 4 }], virtual, kit).method).toBe('power via virtual (bytes: 9 of the first body longer than that from request 4 on)');
  });

  it("a scenario with its own cut runs where every cut is a power cut, and is skipped on a manual rig", async () => {
    const own = await loadScenario('scenarios/library/power-cut-during-commit.yaml');
    expect(boardCannotRun(own, virtual)).toBeNull();
    expect(boardCannotRun(own, manual)).toMatch(/power driver manual.*one cut per run/);
  });
});

describe("the kit's answer after a power-on", () => {
  const plan = { cutOp: 5, mode: 'power' as const, maxBoots: 4 };
  const regs = kitRegisters({ ...plan, recheckMs: 500 });

  it('before the cut fired: the registers of the plan, ops and boots so far', () => {
    const text = ['{"ev":"ask","cause":1}', '{"ev":"boot","boot":0,"cause":1,"ops":0,"armed":true}', '{"ev":"op","i":0,"kind":"mkdir","path":"a","boot":0,"phase":"update"}', '{"ev":"ask","cause":1}']
      .map((l) => `#kit1 ${l}\n`)
      .join('');
    expect(kit.progress(text)).toEqual({ powerCuts: 0, asks: 2, flashOps: 1, cutOps: [] });
    expect(kit.answer(text, plan)).toBe(`#kit1r 1 1 ${regs[2]} ${regs[3]}\n`);
  });

  it('after the kit asked for the power cut: counted, and the cut is not armed again', () => {
    const text = ['{"ev":"boot","boot":0,"cause":1,"ops":0,"armed":true}', '{"ev":"op","i":5,"kind":"close","path":"a","boot":0,"phase":"update"}', '{"ev":"cut","boot":0,"op":5,"mode":"power"}', '{"ev":"ask","cause":1}']
      .map((l) => `#kit1 ${l}\n`)
      .join('');
    expect(kit.progress(text)).toEqual({ powerCuts: 1, asks: 1, flashOps: 6, cutOps: [5] });
    expect(kit.answer(text, plan)).toBe(`#kit1r 6 1 0 ${regs[3]}\n`);
    const next = { cutOp: 9, mode: 'power-after' as const, maxBoots: 4 };
    expect(kit.answer(text, next)).toBe(`#kit1r 6 1 ${kitRegisters({ ...next, recheckMs: 500 })[2]} ${regs[3]}\n`);
    expect(kitRegisters({ ...next, recheckMs: 500 })[2]).toBe((0x80000000 | 0x40000000 | 10) >>> 0);
  });
});
