// The host side of the kit: registers, arming and holding over a REPL (the Python runs in the
// simulator's interpreter), the event parser and fold, the budget, the recheck delay, unarmed boots.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LIBRARY_DIR, loadScenario } from '../../scenarios/load/index.ts';
import { micropythonTarget } from '../../scenarios/targets/micropython.ts';
import type { SimBoard } from '../../sim/board.ts';
import { bootOnce, testBoard } from '../../sim/micropython/test-kit.ts';
import { armKit, foldKitEvents, holdKit, isKitPath, kitBootPy, kitRegisters, parseKitEvents, withoutKit, HOLD_PATH } from './index.ts';
import { hw } from './test-hardware.ts';
import { runKitOnSim } from './test-sim-board.ts';

vi.mock('../../sim/micropython/interpreter.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../sim/micropython/interpreter.ts')>();
  const { withKitHardware } = await import('./test-hardware.ts');
  return { ...orig, loadInterpreter: withKitHardware(orig.loadInterpreter) };
});

const utf8 = new TextEncoder();
const scenario = (name: string) => loadScenario(join(LIBRARY_DIR, `${name}.yaml`));

/** A REPL stand-in: runs `code` on the board as its boot.py (the board's own boot.py put back after). */
const execOn = (board: SimBoard) => async (code: string) => {
  const files = board.flash.snapshot();
  const saved = files.get('boot.py');
  files.set('boot.py', utf8.encode(code));
  board.flash.load(files, board.flash.dirs());
  const r = await bootOnce(board);
  if (r.stopped) throw r.stopped;
  const after = board.flash.snapshot();
  if (saved) after.set('boot.py', saved);
  else after.delete('boot.py');
  board.flash.load(after, board.flash.dirs());
  return r.lines.join('\n');
};

describe('registers', () => {
  it('lays out the plan: R2 = K+1 with bit 31 for after, R3 = magic | recheck code | maxBoots', () => {
    expect(kitRegisters({ maxBoots: 8 })).toEqual([0, 0, 0, (0x4b54 << 16) | (255 << 8) | 8]);
    expect(kitRegisters({ maxBoots: 3, cutOp: 0, mode: 'before', recheckMs: 0 })).toEqual([0, 0, 1, (0x4b54 << 16) | 3]);
    expect(kitRegisters({ maxBoots: 3, cutOp: 41, mode: 'after', recheckMs: 500 })[2]).toBe(0x80000000 + 42);
    expect(kitRegisters({ maxBoots: 3, cutOp: 41, mode: 'after', recheckMs: 500 })[3] & 0xff00).toBe(5 << 8);
    expect(kitRegisters({ maxBoots: 3, cutOp: 9, mode: 'power' })[2]).toBe(0x40000000 + 10);
    expect(() => kitRegisters({ maxBoots: 0 })).toThrow(/maxBoots/);
    expect(() => kitRegisters({ maxBoots: 2, recheckMs: 30_000 })).toThrow(/recheckMs/);
    expect(() => kitRegisters({ maxBoots: 2, mode: 'after' })).toThrow(/without cutOp/);
  });

  it('armKit writes them through machine.mem32 and checks the read-back', async () => {
    hw.regs = [7, 7, 7, 7];
    const board = testBoard({});
    const plan = { maxBoots: 5, cutOp: 12, mode: 'after' as const, recheckMs: 0 };
    const { registers } = await armKit(execOn(board), plan);
    expect(hw.regs).toEqual(registers);
    expect(registers).toEqual(kitRegisters(plan));
    await expect(armKit(async () => 'kit-regs 0 0 0 0', plan)).rejects.toThrow(/read back 0 0 0 0/);
  });
});

describe('hold', () => {
  it('holdKit creates and removes .otalab_kit/hold; a held board reports held and runs nothing', async () => {
    const board = testBoard({ 'main.py': 'x = 1\n' });
    await holdKit(execOn(board), true);
    expect(board.flash.stat(HOLD_PATH)?.kind).toBe('file');
    await holdKit(execOn(board), false);
    expect([board.flash.stat(HOLD_PATH), board.flash.stat('.otalab_kit')]).toEqual([null, null]);
    await expect(holdKit(async () => 'kit-hold 0', true)).rejects.toThrow(/Failed to set/);

    const s = await scenario('add-replace-delete-nested-empty');
    const held = await runKitOnSim(s, { plan: { maxBoots: 8 }, extraFiles: { [HOLD_PATH]: '' } });
    expect(held.events.map((e) => e.ev)).toEqual(['held']);
    expect([held.opLog.length, held.boots, foldKitEvents(held.events).ended]).toEqual([0, 1, 'held']);
  });
});

describe('boot loop', () => {
  it('stops at the budget (end budget, held after) with the boots the micropython target gives', async () => {
    const s = await scenario('trial-fails-rollback');
    const kit = await runKitOnSim(s, { plan: { maxBoots: 2 } });
    const run = foldKitEvents(kit.events);
    const ref = await micropythonTarget().run(s, { faults: [], seed: 1, maxBoots: 2 });
    expect(run.ended).toBe('budget');
    expect(run.boots.map((b) => [b.cause, b.end, b.outcome ?? null])).toEqual(ref.boots.map((b) => [b.cause, b.end, b.outcome ?? null]));
    expect(kit.registers[1]! & (1 << 25)).not.toBe(0); // run-ended flag: a later boot holds
    expect(kit.boots).toBe(3); // the third boot only said the budget is spent
  });

  it('the recheck delay is a register: 0 ms for a lab, the same boots, three virtual minutes less', async () => {
    const s = await scenario('network-down-stays-put');
    const minute = await runKitOnSim(s, { plan: { maxBoots: 8 } });
    const lab = await runKitOnSim(s, { plan: { maxBoots: 8, recheckMs: 0 } });
    const boots = (r: typeof lab) => foldKitEvents(r.events).boots.map((b) => [b.cause, b.end, b.outcome ?? null]);
    expect(boots(lab)).toEqual(boots(minute));
    expect(boots(lab).filter((b) => b[0] === 'soft')).toHaveLength(3);
    const ms = (r: typeof lab) => r.board.clock.elapsedUs / 1000;
    expect(ms(minute) - ms(lab)).toBeGreaterThanOrEqual(3 * 60_000);
    expect(ms(minute) - ms(lab)).toBeLessThan(3 * 60_000 + 1000);
  });

  it('unarmed (registers cleared by a power-on): counts and reports, plays no app, ends the boot', async () => {
    const s = await scenario('add-replace-delete-nested-empty');
    const r = await runKitOnSim(s, {});
    const run = foldKitEvents(r.events);
    // The updater's own reset after the update; without registers the next boot is numbered 0 again.
    expect(run.boots.map((b) => [b.index, b.cause, b.end])).toEqual([
      [0, 'power-on', 'reset'],
      [0, 'watchdog', 'unarmed'],
    ]);
    expect(run.ops.map((o) => [o.kind, o.path])).toEqual(r.opLog.map((o) => [o.kind, o.path]));
    // … and its op count too: the flash's numbering goes on, the unarmed kit's starts again.
    const second = run.ops.findIndex((o) => o.boot === 0 && o.index === 0 && o !== run.ops[0]);
    expect(second).toBeGreaterThan(0);
    expect(r.opLog[second]!.index).toBe(second);
    expect(r.registers).toEqual([0, 0, 0, 0]); // an unarmed kit leaves them alone
  });
});

describe('events', () => {
  it('parses #kit1 lines out of UART noise and folds boots, ends and gaps', () => {
    const cap = [
      'garbage\x00 #kit1 {"ev": "boot", "boot": 0, "cause": 1, "ops": 0, "armed": true}\r',
      '#kit1 {"ev": "op", "i": 0, "kind": "mkdir", "path": ".ota_stage", "boot": 0, "phase": "update"}',
      'otalab: some console line',
      '#kit1 {"ev": "wdt", "boot": 0, "ms": 8000}',
      '#kit1 {"ev": "feedgap", "boot": 0, "ms": 812}',
      '#kit1 {"ev": "boot", "boot": 1, "cause": 3, "ops": 1, "armed": true}',
      '#kit1 {"ev": "recovered", "boot": 1, "action": "none", "files": [["a.txt", 2, "ab"], ["lib/otalab_kit.py", 9, "cd"]], "dirs": [".otalab_kit", "lib"]}',
      '#kit1 {"ev": "outcome", "boot": 1, "outcome": "up-to-date x"}',
      '#kit1 {"ev": "cut", "boot": 1, "op": 1, "mode": "after"}',
      '#kit1 {"ev": "boot", "boot": 2, "cause": 3, "ops": 2, "armed": true}',
      '#kit1 {"ev": "end", "boot": 2, "why": "idle", "stop": true}',
      '#kit1 {"ev": "op", "i": 3, "ki',
    ].join('\n');
    const events = parseKitEvents(cap);
    expect(events.map((e) => e.ev)).toEqual(['boot', 'op', 'wdt', 'feedgap', 'boot', 'recovered', 'outcome', 'cut', 'boot', 'end', 'garbled']);
    const run = foldKitEvents(events);
    // Boot 0 has no end and boot 1 is a watchdog boot: it was bitten, a whole period after a feed.
    expect(run.boots.map((b) => [b.index, b.cause, b.end, b.outcome ?? null])).toEqual([
      [0, 'power-on', 'watchdog', null],
      [1, 'watchdog', 'power-cut', 'up-to-date x'],
      [2, 'watchdog', 'idle', null],
    ]);
    expect([...run.boots[1]!.afterRecovery!]).toEqual([['a.txt', { size: 2, sha256: 'ab' }]]);
    expect(run.boots[1]!.dirsAfterRecovery).toEqual(['lib']);
    expect([run.cutFired, run.maxFeedGapMs, run.watchdogResets, run.ended, run.garbled, run.flashOps]).toEqual([{ op: 1, mode: 'after' }, 8000, 1, 'idle', 1, 1]);
  });

  it('kit paths and the deployed boot.py are hidden from the oracle; boot.py with a triple-quoted string is refused', () => {
    expect(['lib/otalab_kit.py', 'lib/otalab_hooks.mpy', '.otalab_kit', '.otalab_kit/hold'].every(isKitPath)).toBe(true);
    expect(['lib/otalab_recover.py', 'boot.py', 'otalab_kit.py', 'lib/otalab/x.py'].some(isKitPath)).toBe(false);
    const device = utf8.encode('import sys\n\nx = 1\n');
    const deployed = kitBootPy(device);
    expect(new TextDecoder().decode(deployed)).toMatch(/^import otalab_kit .*\ntry:\n    import sys\n\n    x = 1\nexcept Exception as _kit_e:\n    otalab_kit.boot_error\(_kit_e\)\notalab_kit\.app\(\)\n$/);
    const seen = withoutKit(new Map([['boot.py', deployed], ['lib/otalab_kit.py', device], ['a', device]]), device);
    expect([...seen.keys()]).toEqual(['boot.py', 'a']);
    expect(seen.get('boot.py')).toEqual(device);
    expect(() => kitBootPy(utf8.encode('x = """a\nb"""\n'))).toThrow(/triple-quoted/);
  });
});
