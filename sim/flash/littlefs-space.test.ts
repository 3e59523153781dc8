/**
 * littlefs's space rules (littlefs-space.ts), each as a row: what a tree takes, and which ops fail
 * with NOSPC on a full flash. Expected block counts are worked out here from the rules, not read
 * back from the model.
 */
import { describe, expect, it } from 'vitest';
import { FlashError } from '../../core/ports/flash.ts';
import { ctzBlocks, INLINE_MAX } from './littlefs-space.ts';
import type { FlashTree } from './provision.ts';
import { VirtualFlash } from './virtual-flash.ts';

const B = 4096;
const bytes = (n: number) => new Uint8Array(n).fill(0x61);

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof FlashError) return err.code;
    throw err;
  }
}

describe('littlefs: blocks a tree takes', () => {
  const rows: Array<{ name: string; tree: FlashTree; dirs?: string[]; blocks: number }> = [
    { name: 'a fresh filesystem: the root pair', tree: {}, blocks: 2 },
    { name: 'an empty directory: one more pair', tree: {}, dirs: ['d'], blocks: 4 },
    { name: 'nested directories: a pair each', tree: {}, dirs: ['a/b/c'], blocks: 8 },
    { name: 'an empty file: inline, no block', tree: { f: '' }, blocks: 2 },
    { name: `a file of ${INLINE_MAX} B: inline`, tree: { f: bytes(INLINE_MAX) }, blocks: 2 },
    { name: `a file of ${INLINE_MAX + 1} B: one CTZ block`, tree: { f: bytes(INLINE_MAX + 1) }, blocks: 3 },
    { name: 'a file of one block exactly', tree: { f: bytes(B) }, blocks: 3 },
    { name: 'a file of 2 blocks minus the pointer: 2 blocks', tree: { f: bytes(2 * B - 4) }, blocks: 4 },
    { name: 'a file of 2 blocks exactly: 3 (the second block starts with a pointer)', tree: { f: bytes(2 * B) }, blocks: 5 },
    { name: 'many small files in one directory: still one pair', tree: Object.fromEntries([0, 1, 2].map((i) => [`f${i}`, bytes(500)])), blocks: 2 },
    // 7 × (20 + 2 + 500) + 56 = 3710 B of metadata: over half a block, so a second pair
    { name: 'inline files past half a block of metadata: the directory splits', tree: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((i) => [`f${i}`, bytes(500)])), blocks: 4 },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const vf = new VirtualFlash({ blockCount: 20 });
      vf.load(row.tree, row.dirs);
      expect(vf.usedBytes / B).toBe(row.blocks);
      expect(vf.freeBytes()).toBe((20 - row.blocks) * B);
    });
  }

  it('CTZ skip-lists: n blocks hold n·B − 4·(2(n−1) − popcount(n−1)) bytes', () => {
    expect([1, B, B + 1, 2 * B - 4, 2 * B - 3, 3 * B - 12, 3 * B - 11, 100 * B].map((n) => ctzBlocks(n, B))).toEqual([1, 1, 2, 2, 3, 3, 4, 101]);
  });
});

/**
 * A flash with no free block left: the root holds `inline` files of 500 B (one pair), the rest is
 * filled with 1-block files under fill/.
 */
function fullFlash(inline: number, extra: FlashTree = {}): VirtualFlash {
  const vf = new VirtualFlash({ blockCount: 16 });
  const tree: Record<string, Uint8Array | string> = { ...(extra as Record<string, Uint8Array>) };
  for (let i = 0; i < inline; i++) tree[`f${i}`] = bytes(500);
  vf.load(tree);
  vf.mkdir('fill');
  for (let i = 0; vf.freeBytes() >= B; i++) {
    const w = vf.openWrite(`fill/${i}`);
    w.write(bytes(B));
    w.close();
  }
  expect(vf.freeBytes()).toBe(0);
  return vf;
}

/** Adds a 500 B inline file to the root: open-write (creates), write, close. */
function addInline(vf: VirtualFlash, name: string): string | null {
  const w = vf.openWrite(name);
  w.write(bytes(500));
  return codeOf(() => w.close());
}

describe('littlefs: NOSPC on a full flash comes from metadata too', () => {
  it('close: inline data grows the directory; past one block of metadata with no pair to split into, NOSPC', () => {
    const vf = fullFlash(3); // root metadata 56 + 3 × 522 = 1622 B
    // Each close adds 500 B: 2144, 2666, 3188, 3710 B fit one block (littlefs compacts past the split point) …
    for (const name of ['f3', 'f4', 'f5', 'f6']) expect(addInline(vf, name)).toBeNull();
    // … 4232 B does not.
    expect(addInline(vf, 'f7')).toBe('ENOSPC');
    expect(vf.stat('f7')).toEqual({ kind: 'file', size: 0 }); // created at open, its data never committed
    expect(vf.freeBytes()).toBe(0);
  });

  it('rename: moving an inline file brings its data into the destination directory', () => {
    const vf = fullFlash(3, { 'sub/a': bytes(500) });
    for (const name of ['f3', 'f4', 'f5', 'f6']) expect(addInline(vf, name)).toBeNull(); // root: 3710 B in one pair
    expect(codeOf(() => vf.rename('sub/a', 'a'))).toBe('ENOSPC'); // 4232 B
    expect(vf.stat('sub/a')).toEqual({ kind: 'file', size: 500 });
    expect(vf.stat('a')).toBeNull();
    // Within one directory a rename only changes the name's length; over a file it shrinks.
    expect(codeOf(() => vf.rename('f6', 'g6'))).toBeNull();
    expect(codeOf(() => vf.rename('sub/a', 'f0'))).toBeNull();
  });

  it('remove never needs a block: it works on a full flash and frees space', () => {
    const vf = fullFlash(3);
    for (const name of ['f3', 'f4', 'f5', 'f6']) addInline(vf, name);
    expect(addInline(vf, 'f7')).toBe('ENOSPC');
    expect(codeOf(() => vf.remove('fill/0'))).toBeNull();
    expect(vf.freeBytes()).toBe(B);
    expect(codeOf(() => vf.remove('f0'))).toBeNull(); // inline: frees metadata, no block
    expect(vf.freeBytes()).toBe(B);
  });

  it('once blocks are free again, the directory splits and the close that failed succeeds', () => {
    const vf = fullFlash(3);
    for (const name of ['f3', 'f4', 'f5', 'f6']) addInline(vf, name);
    expect(addInline(vf, 'f7')).toBe('ENOSPC');
    vf.remove('fill/0');
    vf.remove('fill/1');
    expect(addInline(vf, 'f7')).toBeNull();
    expect(vf.freeBytes()).toBe(0); // the two freed blocks became the root's second pair
  });

  it('mkdir needs a pair: 2 free blocks', () => {
    const vf = fullFlash(0);
    vf.remove('fill/0');
    expect(codeOf(() => vf.mkdir('d'))).toBe('ENOSPC');
    vf.remove('fill/1');
    expect(codeOf(() => vf.mkdir('d'))).toBeNull();
    expect(vf.freeBytes()).toBe(0);
  });

  it('under a flash-full fault no op gets a block: a close needing a new pair fails, a remove works', () => {
    const run = (full: boolean) => {
      const vf = new VirtualFlash({ blockCount: 40 });
      vf.load(Object.fromEntries([0, 1, 2].map((i) => [`f${i}`, bytes(500)]))); // root: 1622 B, one pair
      const handles = [3, 4, 5, 6, 7].map((i) => vf.openWrite(`f${i}`)); // created: 22 B each
      for (const h of handles) h.write(bytes(500)); // inline: waits in RAM
      if (full) vf.armFull(vf.opCount);
      // Each close adds 500 B: 2232 … 3732 B fit one block without a split; 4232 B do not.
      return { vf, codes: handles.map((h) => codeOf(() => h.close())) };
    };
    expect(run(false).codes).toEqual([null, null, null, null, null]); // the root splits into a second pair
    const { vf, codes } = run(true);
    expect(codes).toEqual([null, null, null, null, 'ENOSPC']);
    expect(vf.freeBytes()).toBe(38 * B); // the fault refuses blocks; the flash still has them
    expect(codeOf(() => vf.rename('f3', 'g3'))).toBeNull();
    expect(codeOf(() => vf.remove('g3'))).toBeNull();
  });

  it('creating an empty file needs no block', () => {
    const vf = fullFlash(0);
    expect(codeOf(() => vf.openWrite('new').close())).toBeNull();
    expect(vf.stat('new')).toEqual({ kind: 'file', size: 0 });
  });

  it('a failed close leaves the old contents and frees what the write held', () => {
    const vf = fullFlash(3, { journal: bytes(100) }); // root: 56 + 3 × 522 + 127 = 1749 B
    for (const name of ['f3', 'f4', 'f5', 'f6']) expect(addInline(vf, name)).toBeNull(); // 3837 B
    const w = vf.openWrite('journal');
    w.write(bytes(INLINE_MAX)); // 412 B more: 4249 B
    expect(codeOf(() => w.close())).toBe('ENOSPC');
    expect(vf.readFile('journal')).toEqual(bytes(100));
    expect(vf.freeBytes()).toBe(0);
    // A rewrite too big to stay inline holds its blocks while written: the write itself fails.
    const big = vf.openWrite('journal');
    expect(codeOf(() => big.write(bytes(INLINE_MAX + 1)))).toBe('ENOSPC');
    big.close(); // commits what fit: nothing (a truncating open's close commits the truncation)
    expect(vf.readFile('journal')).toEqual(new Uint8Array(0));
  });
});
