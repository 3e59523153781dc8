// How a run's cut is made on a board: a real power cut where the host can switch the power and the
// cut is before the op (the kit holds there), the kit's reset otherwise; a time-keyed cut only on a
// timed switch. The kit's answer after a power-on re-arms the planned cut until it fired.
import { describe, expect, it } from 'vitest';
import { cutPlanOf } from './board-target.ts';
import { kitPort } from './kit-adapter.ts';
import { boardCannot } from './reasons.ts';
import { kitRegisters } from '../kit/index.ts';

const kit = kitPort();
const virtual = { cutsPower: true, powerDriver: 'virtual' };
const manual = { cutsPower: false, powerDriver: 'manual' };
const noLan = () => null;

describe('cutPlanOf', () => {
  it('a cut before op K on a switchable board: kit mode power, recorded as power via the driver', () => {
    const p = cutPlanOf([{ kind: 'power-cut', op: 7 }], virtual, kit);
    expect(p.kit).toEqual({ cutOp: 7, mode: 'power' });
    expect(p.record).toEqual({ op: 7, mode: 'before' });
    expect(p.method).toMatch(/^power via virtual/);
  });

  it('after op K, or on a manual switch: the kit resets, recorded as the kit reset', () => {
    const after = cutPlanOf([{ kind: 'power-cut', op: 7, mode: 'after' }], virtual, kit);
    expect(after.kit).toEqual({ cutOp: 7, mode: 'after' });
    expect(after.method).toBe(kit.cutMethod);
    const byHand = cutPlanOf([{ kind: 'power-cut', op: 7 }], manual, kit);
    expect(byHand.kit).toEqual({ cutOp: 7, mode: 'before' });
    expect(byHand.method).toBe(kit.cutMethod);
  });

  it('a time-keyed cut: no kit cut, the host cuts at atMs of wall time', () => {
    const p = cutPlanOf([{ kind: 'power-cut-at-time', atMs: 1500 }], virtual, kit);
    expect(p.kit).toEqual({});
    expect(p.atMs).toBe(1500);
    expect(p.record).toEqual({ atMs: 1500 });
    expect(p.method).toBe('power via virtual at 1500 ms of wall time after the run started');
    expect(cutPlanOf([], virtual, kit)).toEqual({ record: null, kit: {}, method: 'none' });
  });
});

describe('boardCannot', () => {
  it('time-keyed cuts run where the host can switch the power, not by hand', () => {
    expect(boardCannot({ kind: 'power-cut-at-time', atMs: 10 }, noLan, virtual)).toBeNull();
    expect(boardCannot({ kind: 'power-cut-at-time', atMs: 10 }, noLan, manual)).toMatch(/power driver manual/);
    expect(boardCannot({ kind: 'power-cut', op: 1, mode: 'torn' }, noLan, virtual)).toMatch(/tear/);
  });
});

describe("the kit's answer after a power-on", () => {
  const plan = { cutOp: 5, mode: 'power' as const, maxBoots: 4 };
  const regs = kitRegisters({ ...plan, recheckMs: 500 });

  it('before the cut fired: the registers of the plan, ops and boots so far', () => {
    const text = ['{"ev":"ask","cause":1}', '{"ev":"boot","boot":0,"cause":1,"ops":0,"armed":true}', '{"ev":"op","i":0,"kind":"mkdir","path":"a","boot":0,"phase":"update"}', '{"ev":"ask","cause":1}']
      .map((l) => `#kit1 ${l}\n`)
      .join('');
    expect(kit.progress(text)).toEqual({ powerCuts: 0, asks: 2 });
    expect(kit.answer(text, plan)).toBe(`#kit1r 1 1 ${regs[2]} ${regs[3]}\n`);
  });

  it('after the kit asked for the power cut: counted, and the cut is not armed again', () => {
    const text = ['{"ev":"boot","boot":0,"cause":1,"ops":0,"armed":true}', '{"ev":"op","i":5,"kind":"close","path":"a","boot":0,"phase":"update"}', '{"ev":"cut","boot":0,"op":5,"mode":"power"}', '{"ev":"ask","cause":1}']
      .map((l) => `#kit1 ${l}\n`)
      .join('');
    expect(kit.progress(text)).toEqual({ powerCuts: 1, asks: 1 });
    expect(kit.answer(text, plan)).toBe(`#kit1r 6 1 0 ${regs[3]}\n`);
  });
});
