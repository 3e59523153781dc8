/**
 * The Flash port's contract, run against every adapter: a real directory (nodeFlash) and the
 * virtual flash (littlefs on both store backends, and fat). Errors are part of the contract: the
 * same misuse must raise a FlashError with the same code everywhere. One behaviour differs by
 * design — whether a file being written shows its new bytes before close — and is stated per
 * subject rather than skipped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFlash } from '../core/adapters/node-flash.ts';
import { FlashError, type Flash, type FlashErrorCode } from '../core/ports/flash.ts';
import { asFlashPort, VirtualFlash } from '../sim/flash/index.ts';

interface Subject {
  name: string;
  make(): Promise<{ flash: Flash; cleanup(): Promise<void> }>;
  /** littlefs: a reader sees the old contents until close; others see writes at once. */
  bufferedWrites: boolean;
}

const virtual = (profile: 'littlefs' | 'fat', backend: 'map' | 'memfs') => async () => ({
  flash: asFlashPort(new VirtualFlash({ profile, backend })),
  cleanup: async () => {},
});

const subjects: Subject[] = [
  {
    name: 'nodeFlash(tmpdir)',
    bufferedWrites: false,
    make: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'otalab-flash-'));
      return { flash: nodeFlash(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  { name: 'VirtualFlash littlefs (map)', bufferedWrites: true, make: virtual('littlefs', 'map') },
  { name: 'VirtualFlash littlefs (memfs)', bufferedWrites: true, make: virtual('littlefs', 'memfs') },
  { name: 'VirtualFlash fat (map)', bufferedWrites: false, make: virtual('fat', 'map') },
];

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

async function put(flash: Flash, path: string, content: string | Uint8Array): Promise<void> {
  const w = await flash.openWrite(path);
  await w.write(typeof content === 'string' ? text(content) : content);
  await w.close();
}

async function expectCode(promise: Promise<unknown>, code: FlashErrorCode): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected FlashError ${code}`).toBeInstanceOf(FlashError);
  expect((err as FlashError).code).toBe(code);
}

describe.each(subjects)('Flash contract: $name', (subject) => {
  let cleanup: () => Promise<void> = async () => {};
  afterEach(() => cleanup());
  const setup = async (): Promise<Flash> => {
    const made = await subject.make();
    cleanup = made.cleanup;
    return made.flash;
  };

  it('creates a file from chunks and reads it back whole and in pieces', async () => {
    const flash = await setup();
    const w = await flash.openWrite('a.txt');
    await w.write(text('hello '));
    await w.write(text('world'));
    await w.close();
    expect(str(await flash.readFile('a.txt'))).toBe('hello world');
    expect(await flash.stat('a.txt')).toEqual({ kind: 'file', size: 11 });
    const r = await flash.openRead('a.txt');
    const pieces: string[] = [];
    for (let p = await r.read(4); p !== null; p = await r.read(4)) pieces.push(str(p));
    await r.close();
    expect(pieces).toEqual(['hell', 'o wo', 'rld']);
  });

  it('keeps every byte value and empty files', async () => {
    const flash = await setup();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    await put(flash, 'bin', all);
    expect(await flash.readFile('bin')).toEqual(all);
    await put(flash, 'empty', new Uint8Array(0));
    expect(await flash.stat('empty')).toEqual({ kind: 'file', size: 0 });
    expect((await flash.readFile('empty')).length).toBe(0);
  });

  it('overwrites a longer file with a shorter one, leaving no old bytes behind', async () => {
    const flash = await setup();
    await put(flash, 'a.txt', 'a long original');
    await put(flash, 'a.txt', 'short');
    expect(str(await flash.readFile('a.txt'))).toBe('short');
  });

  it('renames over an existing file, replacing it', async () => {
    const flash = await setup();
    await put(flash, 'new.tmp', 'new');
    await put(flash, 'live', 'old');
    await flash.rename('new.tmp', 'live');
    expect(str(await flash.readFile('live'))).toBe('new');
    expect(await flash.stat('new.tmp')).toBeNull();
  });

  it('moves a directory with its contents', async () => {
    const flash = await setup();
    await flash.mkdir('d');
    await flash.mkdir('d/e');
    await put(flash, 'd/e/f', 'deep');
    await flash.rename('d', 'moved');
    expect(str(await flash.readFile('moved/e/f'))).toBe('deep');
    expect(await flash.stat('d')).toBeNull();
  });

  it('refuses bad renames with the same codes', async () => {
    const flash = await setup();
    await put(flash, 'f', 'x');
    await flash.mkdir('d');
    await put(flash, 'd/inner', 'y');
    await flash.mkdir('empty');
    await expectCode(flash.rename('missing', 'x'), 'ENOENT');
    await expectCode(flash.rename('f', 'nodir/f'), 'ENOENT');
    await expectCode(flash.rename('f', 'd'), 'EISDIR');
    await expectCode(flash.rename('d', 'f'), 'ENOTDIR');
    await expectCode(flash.rename('empty', 'd'), 'ENOTEMPTY');
    await expectCode(flash.rename('d', 'd/inside'), 'EINVAL');
    expect(str(await flash.readFile('f'))).toBe('x');
  });

  it('removes files only', async () => {
    const flash = await setup();
    await flash.mkdir('d');
    await put(flash, 'f', 'x');
    await expectCode(flash.remove('d'), 'EISDIR');
    await expectCode(flash.remove('missing'), 'ENOENT');
    await flash.remove('f');
    expect(await flash.stat('f')).toBeNull();
  });

  it('creates one directory level and refuses what exists', async () => {
    const flash = await setup();
    await flash.mkdir('d');
    await put(flash, 'f', 'x');
    await expectCode(flash.mkdir('d'), 'EEXIST');
    await expectCode(flash.mkdir('f'), 'EEXIST');
    await expectCode(flash.mkdir('a/b'), 'ENOENT');
    await expectCode(flash.mkdir('f/sub'), 'ENOTDIR');
    expect(await flash.stat('d')).toEqual({ kind: 'dir', size: 0 });
  });

  it('removes empty directories only', async () => {
    const flash = await setup();
    await flash.mkdir('d');
    await put(flash, 'd/f', 'x');
    await put(flash, 'f', 'x');
    await expectCode(flash.rmdir('d'), 'ENOTEMPTY');
    await expectCode(flash.rmdir('f'), 'ENOTDIR');
    await expectCode(flash.rmdir('missing'), 'ENOENT');
    await flash.remove('d/f');
    await flash.rmdir('d');
    expect(await flash.stat('d')).toBeNull();
  });

  it('lists a directory sorted by name, with kinds and sizes', async () => {
    const flash = await setup();
    await put(flash, 'b.txt', 'bbb');
    await flash.mkdir('a');
    await put(flash, 'C.txt', 'c');
    await put(flash, '_x', '');
    await put(flash, 'a/inner', '12345');
    expect(await flash.list('')).toEqual([
      { name: 'C.txt', kind: 'file', size: 1 },
      { name: '_x', kind: 'file', size: 0 },
      { name: 'a', kind: 'dir', size: 0 },
      { name: 'b.txt', kind: 'file', size: 3 },
    ]);
    expect(await flash.list('a')).toEqual([{ name: 'inner', kind: 'file', size: 5 }]);
    await expectCode(flash.list('missing'), 'ENOENT');
    await expectCode(flash.list('b.txt'), 'ENOTDIR');
  });

  it('stats: null for a missing path, ENOTDIR through a file, the root is a dir', async () => {
    const flash = await setup();
    await put(flash, 'f', 'x');
    expect(await flash.stat('missing')).toBeNull();
    expect(await flash.stat('')).toEqual({ kind: 'dir', size: 0 });
    await expectCode(flash.stat('f/x'), 'ENOTDIR');
  });

  it('refuses to read what is not a file', async () => {
    const flash = await setup();
    await flash.mkdir('d');
    await expectCode(flash.readFile('missing'), 'ENOENT');
    await expectCode(flash.readFile('d'), 'EISDIR');
    await expectCode(flash.openRead('missing'), 'ENOENT');
    await expectCode(flash.openRead('d'), 'EISDIR');
  });

  it('refuses to write where no file can be', async () => {
    const flash = await setup();
    await flash.mkdir('d');
    await put(flash, 'f', 'x');
    await expectCode(flash.openWrite('d'), 'EISDIR');
    await expectCode(flash.openWrite('nodir/f'), 'ENOENT');
    await expectCode(flash.openWrite('f/sub'), 'ENOTDIR');
  });

  it('rejects paths that could leave the root', async () => {
    const flash = await setup();
    for (const bad of ['../x', '/abs', 'a//b', 'a/', 'a/./b']) {
      await expectCode(flash.stat(bad), 'EINVAL');
      await expectCode(flash.openWrite(bad), 'EINVAL');
    }
    await expectCode(flash.rename('x', '../x'), 'EINVAL');
  });

  // Profile-specific: littlefs commits at close; a plain fs and FAT write straight through.
  it(`shows a file being written as ${subject.bufferedWrites ? 'its old contents until close' : 'its new bytes at once'}`, async () => {
    const flash = await setup();
    await put(flash, 'live', 'old contents');
    const w = await flash.openWrite('live');
    await w.write(text('NEW'));
    expect(str(await flash.readFile('live'))).toBe(subject.bufferedWrites ? 'old contents' : 'NEW');
    await w.close();
    expect(str(await flash.readFile('live'))).toBe('NEW');
  });
});
