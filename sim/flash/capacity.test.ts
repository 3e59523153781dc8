/**
 * Space on the virtual flash: 4096 B blocks. fat: at least one per file, one per directory.
 * littlefs (littlefs-space.test.ts has its rules in a table): a metadata pair per directory, the
 * root's from format on, small files inline; it needs room for the old and the new copy of a file
 * being rewritten (copy-on-write until close).
 */
import { describe, expect, it } from 'vitest';
import { FlashError } from '../../core/ports/flash.ts';
import { VirtualFlash } from './virtual-flash.ts';

const B = 4096;

function expectNoSpace(fn: () => unknown): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(FlashError);
  expect((caught as FlashError).code).toBe('ENOSPC');
}

describe('VirtualFlash capacity', () => {
  it('has the Pico W size: 212 blocks of 4096 B, 2 of them the littlefs root pair', () => {
    expect(new VirtualFlash().capacityBytes).toBe(212 * B);
    expect(new VirtualFlash().freeBytes()).toBe(210 * B);
    expect(new VirtualFlash({ profile: 'fat' }).freeBytes()).toBe(212 * B);
  });

  it('fat charges whole blocks: at least one per file, one per directory', () => {
    const vf = new VirtualFlash({ profile: 'fat', blockCount: 10 });
    vf.load({ one: 'x', empty: '', 'd/two': new Uint8Array(B + 1) });
    // one: 1, empty: 1, d: 1, d/two: 2
    expect(vf.freeBytes()).toBe(5 * B);
  });

  it('littlefs charges pairs and data blocks: small files inline, a pair per directory', () => {
    const vf = new VirtualFlash({ blockCount: 10 });
    vf.load({ one: 'x', empty: '', 'd/two': new Uint8Array(B + 1) });
    // root pair: 2, d's pair: 2, d/two: 2 data blocks; one and empty live in the root's metadata
    expect(vf.freeBytes()).toBe(4 * B);
  });

  it('littlefs: a rewrite holds old and new blocks until close', () => {
    const vf = new VirtualFlash({ blockCount: 6 });
    vf.load({ big: new Uint8Array(2 * B - 4) }); // 2 CTZ blocks (the second starts with a pointer)
    const w = vf.openWrite('big');
    w.write(new Uint8Array(2 * B - 4).fill(1));
    expect(vf.freeBytes()).toBe(0);
    expectNoSpace(() => w.write(new Uint8Array(1)));
    w.close();
    expect(vf.readFile('big')).toEqual(new Uint8Array(2 * B - 4).fill(1));
    expect(vf.freeBytes()).toBe(2 * B);
  });

  it('fat: a rewrite happens in place after the truncate', () => {
    const vf = new VirtualFlash({ profile: 'fat', blockCount: 4 });
    vf.load({ big: new Uint8Array(2 * B) });
    const w = vf.openWrite('big');
    w.write(new Uint8Array(3 * B));
    w.close();
    expect(vf.freeBytes()).toBe(B);
  });

  it('fat refuses new files and directories when no block is free, until something is removed', () => {
    const vf = new VirtualFlash({ profile: 'fat', blockCount: 2 });
    vf.load({ a: 'a', b: 'b' });
    expectNoSpace(() => vf.openWrite('c'));
    expectNoSpace(() => vf.mkdir('d'));
    vf.remove('a');
    vf.openWrite('c').close();
    expect(vf.stat('c')).toEqual({ kind: 'file', size: 0 });
  });

  it('keeps what fit when a write fails with ENOSPC; close commits it', () => {
    const vf = new VirtualFlash({ blockCount: 4 }); // root pair + 2 free blocks
    const w = vf.openWrite('f'); // a new empty file is inline: no block
    w.write(new Uint8Array(2 * B - 4).fill(7));
    expectNoSpace(() => w.write(new Uint8Array(1)));
    w.close();
    expect(vf.readFile('f')).toEqual(new Uint8Array(2 * B - 4).fill(7));
    expect(vf.freeBytes()).toBe(0);
  });

  it('armFull: from op k, allocating ops fail with ENOSPC; others still work', () => {
    const vf = new VirtualFlash();
    const w = vf.openWrite('f'); // op 0
    w.write(new TextEncoder().encode('abc')); // op 1
    vf.armFull(2);
    expectNoSpace(() => w.write(new Uint8Array(1)));
    expectNoSpace(() => vf.openWrite('g'));
    expectNoSpace(() => vf.mkdir('x'));
    w.close();
    vf.rename('f', 'g');
    expect(new TextDecoder().decode(vf.readFile('g'))).toBe('abc');
    vf.remove('g');
    expect(vf.snapshot().size).toBe(0);
  });
});

describe('VirtualFlash.leaveFree (scenario device.freeBytes)', () => {
  it('holds the rest, so exactly the given whole blocks stay free, whatever the files take', () => {
    const small = new VirtualFlash();
    small.load(new Map([['a.txt', new Uint8Array(10)]]));
    small.leaveFree(3 * B + 100);
    expect(small.freeBytes()).toBe(3 * B);
    const big = new VirtualFlash();
    big.load(new Map([['a.txt', new Uint8Array(10)], ['lib/b.py', new Uint8Array(9000)]]));
    big.leaveFree(3 * B);
    expect(big.freeBytes()).toBe(3 * B);
    expectNoSpace(() => {
      for (let i = 0; i < 4; i++) big.mkdir(`d${i}`);
    });
  });
});
