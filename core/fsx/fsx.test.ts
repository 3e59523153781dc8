import { describe, expect, it } from 'vitest';
import { readTree, recordingFlash, writeTree, useTempRoots } from '../commit/test-kit.ts';
import { FlashError, type Flash } from '../ports/flash.ts';
import { mkdirs, readJson, removeIfExists, rmdirIfEmpty, rmtree, walkFiles, writeTextAtomic } from './index.ts';

const root = useTempRoots();

describe('writeTextAtomic', () => {
  it('writes through X.tmp and a rename, leaving no temporary', async () => {
    const r = root();
    const ops: string[] = [];
    await writeTextAtomic(recordingFlash(r.flash, ops), 'state.json', '{"a": 1}');
    expect(ops).toEqual(['open state.json.tmp', 'close state.json.tmp', 'rename state.json.tmp -> state.json']);
    expect(readTree(r.dir)).toEqual({ 'state.json': '{"a": 1}' });
  });

  it('closes and removes the temporary after a write the flash refuses, as the device does (same op sequence)', async () => {
    const r = root();
    const ops: string[] = [];
    const rec = recordingFlash(r.flash, ops);
    const full: Flash = {
      ...rec,
      openWrite: async (p) => {
        const w = await rec.openWrite(p);
        return { write: async () => Promise.reject(new FlashError('ENOSPC', 'write', p)), close: () => w.close() };
      },
    };
    await expect(writeTextAtomic(full, 'state.json', '{"a": 1}')).rejects.toThrow(FlashError);
    expect(ops).toEqual(['open state.json.tmp', 'close state.json.tmp', 'remove state.json.tmp']);
    expect(await r.flash.stat('state.json.tmp')).toBeNull(); // no stray temporary left for `clean`
  });
});

describe('mkdirs', () => {
  it('creates only the missing levels and lists them parents first', async () => {
    const r = root();
    writeTree(r.dir, { 'a/keep.txt': 'x' });
    expect(await mkdirs(r.flash, 'a/b/c')).toEqual(['a/b', 'a/b/c']);
    expect(await mkdirs(r.flash, 'a/b/c')).toEqual([]);
  });

  it('refuses to pass through a file', async () => {
    const r = root();
    writeTree(r.dir, { a: 'file' });
    await expect(mkdirs(r.flash, 'a/b')).rejects.toThrow(/"a" is a file/);
  });
});

describe('rmtree', () => {
  it('removes nested directories completely (the predecessor left empty skeletons)', async () => {
    const r = root();
    writeTree(r.dir, { 's/a/b/c.txt': '1', 's/a/d.txt': '2', 's/e/f/g/h.txt': '', 'other.txt': 'stay' });
    let steps = 0;
    expect(await rmtree(r.flash, 's', () => steps++)).toBe(3);
    expect(readTree(r.dir)).toEqual({ 'other.txt': 'stay' });
    expect(steps).toBe(3 + 6); // three files, six directories
  });

  it('is a no-op on a missing path and refuses the root', async () => {
    const r = root();
    expect(await rmtree(r.flash, 'nothing')).toBe(0);
    await expect(rmtree(r.flash, '')).rejects.toThrow(/root/);
  });
});

describe('walkFiles, removeIfExists, rmdirIfEmpty', () => {
  it('lists files below a directory relative to it, empty files included', async () => {
    const r = root();
    writeTree(r.dir, { 'd/x/y.py': 'y', 'd/empty.py': '', 'd/z.txt': 'z' });
    expect(await walkFiles(r.flash, 'd')).toEqual(['empty.py', 'x/y.py', 'z.txt']);
    expect(await walkFiles(r.flash, 'missing')).toEqual([]);
  });

  it('removes only what exists and only empty directories', async () => {
    const r = root();
    writeTree(r.dir, { 'full/f': '1', 'gone.txt': 'g' });
    expect(await removeIfExists(r.flash, 'gone.txt')).toBe(true);
    expect(await removeIfExists(r.flash, 'gone.txt')).toBe(false);
    expect(await rmdirIfEmpty(r.flash, 'full')).toBe(false);
    await r.flash.mkdir('hollow');
    expect(await rmdirIfEmpty(r.flash, 'hollow')).toBe(true);
    expect(readTree(r.dir)).toEqual({ full: null, 'full/f': '1' });
  });
});

describe('readJson', () => {
  it('tells missing, invalid and valid files apart', async () => {
    const r = root();
    writeTree(r.dir, { 'ok.json': '{"a": [1]}', 'bad.json': '{"a": ', 'blank.json': '  ' });
    expect(await readJson(r.flash, 'nope.json')).toEqual({ kind: 'missing' });
    expect(await readJson(r.flash, 'bad.json')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/not JSON/) });
    expect(await readJson(r.flash, 'blank.json')).toMatchObject({ kind: 'invalid', reason: 'is empty' });
    expect(await readJson(r.flash, 'ok.json')).toMatchObject({ kind: 'ok', value: { a: [1] } });
  });

  it('rejects bytes that are not UTF-8', async () => {
    const r = root();
    const w = await r.flash.openWrite('bin.json');
    await w.write(new Uint8Array([0x22, 0xff, 0x22]));
    await w.close();
    expect(await readJson(r.flash, 'bin.json')).toMatchObject({ kind: 'invalid', reason: 'is not UTF-8' });
  });
});
