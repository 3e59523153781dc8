// A power cut mid-write kills the interpreter mid-statement; the next boot (a fresh interpreter)
// sees only what littlefs kept.
import { describe, expect, it } from 'vitest';
import { PowerLoss } from '../power.ts';
import { bootOnce, opsOf, testBoard } from './test-kit.ts';

const WRITER = `
print('start')
try:
    f = open('data.bin', 'wb')
    for i in range(4):
        f.write(b'new!')
    f.close()
    print('written')
except BaseException as e:
    print('caught', e)
finally:
    print('finally')
print('after')
`;

describe('power cut inside the interpreter', () => {
  it('escapes try/except/finally at the cut write: nothing after it runs', async () => {
    const board = testBoard({ 'boot.py': WRITER, 'data.bin': 'old contents' });
    board.flash.armCuts([{ op: 2, mode: 'before' }]); // open-write 0, write 1, write 2 ← cut
    const r = await bootOnce(board);
    expect(r.stopped).toBeInstanceOf(PowerLoss);
    expect((r.stopped as PowerLoss).reason).toBe('power-cut');
    expect(r.lines).toEqual(['start']);
    // The op log lists the op the cut hit (index 2) and nothing after it.
    expect(opsOf(board)).toEqual(['open-write data.bin', 'write data.bin', 'write data.bin']);
    board.powerOn('power-on');
    expect(new TextDecoder().decode(board.flash.readFile('data.bin'))).toBe('old contents');
  });

  it('the next boot reads the state littlefs kept: the old file, not the half-written one', async () => {
    const board = testBoard({ 'boot.py': WRITER, 'data.bin': 'old contents' });
    board.flash.armCuts([{ op: 3, mode: 'torn' }]);
    await bootOnce(board);
    board.powerOn('power-on');
    board.flash.load(new Map([...board.flash.snapshot(), ['boot.py', new TextEncoder().encode("print(open('data.bin').read())\n")]]));
    const r = await bootOnce(board);
    expect(r.stopped).toBeNull();
    expect(r.lines).toEqual(['old contents']);
  });

  it('a cut after the close keeps the new file for the next boot', async () => {
    const board = testBoard({ 'boot.py': WRITER, 'data.bin': 'old contents' });
    board.flash.armCuts([{ op: 5, mode: 'after' }]); // the close
    const first = await bootOnce(board);
    expect(first.lines).toEqual(['start']);
    board.powerOn('power-on');
    expect(new TextDecoder().decode(board.flash.readFile('data.bin'))).toBe('new!new!new!new!');
  });

  it('a cut at a virtual time stops the interpreter during the sleep that reaches it', async () => {
    const board = testBoard({ 'boot.py': "import time\nprint('a')\ntime.sleep_ms(500)\nprint('b')\ntime.sleep_ms(1000)\nprint('c')\n" });
    board.clock.setTimer(1200, () => board.power.halt('power-cut'));
    const r = await bootOnce(board);
    expect(r.stopped).toBeInstanceOf(PowerLoss);
    expect(r.lines).toEqual(['a', 'b']);
  });
});
