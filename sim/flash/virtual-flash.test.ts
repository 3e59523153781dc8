import { describe, expect, it } from 'vitest';
import { FlashError } from '../../core/ports/flash.ts';
import { PowerLoss } from '../power.ts';
import type { FlashOp } from './ops.ts';
import { asFlashPort } from './port.ts';
import { VirtualFlash } from './virtual-flash.ts';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function provisioned(opts: ConstructorParameters<typeof VirtualFlash>[0] = {}): VirtualFlash {
  const vf = new VirtualFlash(opts);
  vf.load({ 'main.py': 'print(1)', 'lib/util.py': 'x = 1' }, ['empty']);
  return vf;
}

describe('VirtualFlash: after a power cut', () => {
  it('refuses every call, reads and handles included, even from code that catches', async () => {
    const vf = provisioned();
    const writer = vf.openWrite('lib/new.py');
    const reader = vf.openRead('main.py');
    vf.armCuts([{ op: vf.opCount, mode: 'before' }]);
    expect(() => vf.mkdir('x')).toThrow(PowerLoss);
    const calls: Array<() => unknown> = [
      () => vf.stat('main.py'),
      () => vf.readFile('main.py'),
      () => vf.openRead('main.py'),
      () => vf.list(''),
      () => vf.freeBytes(),
      () => vf.sync(),
      () => vf.openWrite('y'),
      () => vf.rename('main.py', 'z'),
      () => vf.remove('main.py'),
      () => vf.mkdir('x'),
      () => vf.rmdir('empty'),
      () => writer.write(text('x')),
      () => writer.close(),
      () => reader.read(10),
      () => reader.close(),
    ];
    for (const call of calls) expect(call).toThrow(PowerLoss);
    const port = asFlashPort(vf);
    await expect(port.readFile('main.py')).rejects.toBeInstanceOf(PowerLoss);
    await expect(port.openWrite('q')).rejects.toBeInstanceOf(PowerLoss);
    expect(vf.opCount).toBe(1 + 1); // the open-write and the cut mkdir; refused calls are not ops
  });

  it('loses uncommitted data at power-on; reads work again; old handles are dead', () => {
    const vf = provisioned();
    const before = vf.freeBytes();
    const writer = vf.openWrite('main.py');
    writer.write(new Uint8Array(10_000));
    expect(vf.freeBytes()).toBe(before - 3 * 4096);
    const reader = vf.openRead('main.py');
    vf.armCuts([{ op: vf.opCount, mode: 'before' }]);
    expect(() => vf.remove('lib/util.py')).toThrow(PowerLoss);
    expect(vf.power.powerOn()).toBe('power-cut');
    expect(str(vf.readFile('main.py'))).toBe('print(1)');
    expect(vf.freeBytes()).toBe(before);
    expect(() => writer.write(text('x'))).toThrow('the file was opened before a reboot');
    expect(() => writer.close()).toThrow('the file was opened before a reboot');
    expect(() => reader.read(4)).toThrow('the file was opened before a reboot');
  });

  it('keeps counting ops across power cycles and fires later cuts at later boots', () => {
    const vf = provisioned();
    vf.mkdir('a'); // op 0
    vf.armCuts([
      { op: 1, mode: 'after' },
      { op: 3, mode: 'before' },
    ]);
    expect(() => vf.mkdir('b')).toThrow(PowerLoss); // op 1, applied
    vf.power.powerOn();
    expect(vf.opCount).toBe(2);
    vf.mkdir('c'); // op 2
    expect(() => vf.mkdir('d')).toThrow(PowerLoss); // op 3, not applied
    vf.power.powerOn();
    expect(vf.dirs()).toEqual(['a', 'b', 'c', 'empty', 'lib']);
    expect(vf.opLog.map((o) => [o.index, o.path])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
    ]);
    expect(vf.armedCuts).toEqual([]);
  });

  it('refuses to arm a cut at an op that already ran', () => {
    const vf = provisioned();
    vf.mkdir('a');
    expect(() => vf.armCuts([{ op: 0, mode: 'after' }])).toThrow('Failed to arm a cut at op 0');
  });
});

describe('VirtualFlash: operations', () => {
  it('logs each mutation with its kind, paths and byte count; reads are not ops', () => {
    const vf = provisioned();
    const w = vf.openWrite('lib/a.tmp');
    w.write(text('abc'));
    w.write(text('de'));
    w.close();
    vf.rename('lib/a.tmp', 'lib/a.py');
    vf.readFile('lib/a.py');
    vf.list('lib');
    vf.stat('nothing');
    vf.remove('main.py');
    vf.rmdir('empty');
    expect(vf.opLog).toEqual<FlashOp[]>([
      { index: 0, kind: 'open-write', path: 'lib/a.tmp' },
      { index: 1, kind: 'write', path: 'lib/a.tmp', bytes: 3 },
      { index: 2, kind: 'write', path: 'lib/a.tmp', bytes: 2 },
      { index: 3, kind: 'close', path: 'lib/a.tmp', bytes: 5 },
      { index: 4, kind: 'rename', path: 'lib/a.tmp', to: 'lib/a.py' },
      { index: 5, kind: 'remove', path: 'main.py' },
      { index: 6, kind: 'rmdir', path: 'empty' },
    ]);
  });

  it('keeps a copy of the bytes of every write that reached the flash, even a file later removed', () => {
    const vf = provisioned();
    const buf = text('abc');
    const w = vf.openWrite('lib/a.part');
    w.write(buf);
    buf.fill(0); // a caller reusing its buffer changes nothing recorded
    w.write(text('de'));
    w.close();
    vf.remove('lib/a.part');
    vf.armCuts([{ op: vf.opCount + 1, mode: 'before' }]);
    const x = vf.openWrite('x');
    expect(() => x.write(text('never'))).toThrow(PowerLoss);
    expect(vf.writes.map((r) => ({ ...r, bytes: str(r.bytes) }))).toEqual([
      { op: 1, path: 'lib/a.part', bytes: 'abc' },
      { op: 2, path: 'lib/a.part', bytes: 'de' },
    ]);
  });

  it('counts a failed mutation as an op; a cut armed there wins over the error', () => {
    const vf = provisioned();
    expect(() => vf.rename('missing', 'x')).toThrow(FlashError);
    expect(vf.opCount).toBe(1);
    vf.armCuts([{ op: 1, mode: 'after' }]);
    expect(() => vf.remove('missing')).toThrow(PowerLoss);
  });

  it('rejects malformed paths before they become ops', () => {
    const vf = provisioned();
    expect(() => vf.mkdir('../up')).toThrow(FlashError);
    expect(vf.opCount).toBe(0);
  });

  it('reports completed ops to onOp, not cut or failed ones', () => {
    const vf = provisioned();
    const seen: number[] = [];
    vf.onOp = (op) => seen.push(op.index);
    vf.mkdir('a');
    expect(() => vf.mkdir('a')).toThrow(FlashError);
    vf.armCuts([{ op: 2, mode: 'after' }]);
    expect(() => vf.mkdir('b')).toThrow(PowerLoss);
    expect(seen).toEqual([0]);
  });

  it('counts ops without a log when the log is off', () => {
    const vf = provisioned({ opLog: false });
    vf.mkdir('a');
    vf.rmdir('a');
    expect(vf.opCount).toBe(2);
    expect(vf.opLog).toEqual([]);
  });

  it('closes twice without a second op, and refuses writes after close', () => {
    const vf = provisioned();
    const w = vf.openWrite('f');
    w.close();
    w.close();
    expect(vf.opCount).toBe(2);
    expect(() => w.write(text('x'))).toThrow('the file is closed');
  });
});

describe('VirtualFlash: provisioning and snapshots', () => {
  it('loads files with their parent dirs, without ops or time', () => {
    const vf = new VirtualFlash();
    const t0 = vf.clock.elapsedUs;
    vf.load(new Map([['a/b/c.bin', new Uint8Array([0, 255])]]), ['x/y']);
    expect(vf.opCount).toBe(0);
    expect(vf.clock.elapsedUs).toBe(t0);
    expect(vf.dirs()).toEqual(['a', 'a/b', 'x', 'x/y']);
    expect(vf.snapshot()).toEqual(new Map([['a/b/c.bin', new Uint8Array([0, 255])]]));
  });

  it('replaces the previous contents on load', () => {
    const vf = provisioned();
    vf.load({ 'only.txt': 'x' });
    expect([...vf.snapshot().keys()]).toEqual(['only.txt']);
    expect(vf.dirs()).toEqual([]);
  });

  it('sorts snapshot paths and hands out copies', () => {
    const vf = provisioned();
    const snap = vf.snapshot();
    expect([...snap.keys()]).toEqual(['lib/util.py', 'main.py']);
    snap.get('main.py')?.fill(0);
    vf.readFile('main.py').fill(0);
    expect(str(vf.readFile('main.py'))).toBe('print(1)');
  });

  it('keeps a chunk the caller reuses after write', () => {
    const vf = provisioned();
    const buf = text('first');
    const w = vf.openWrite('f');
    w.write(buf);
    buf.fill(0x2a);
    w.close();
    expect(str(vf.readFile('f'))).toBe('first');
  });
});
