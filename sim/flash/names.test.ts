/**
 * Names each filesystem accepts and how it matches them (names.ts): littlefs's 255-byte limit,
 * FAT's long-name limits and its case-insensitive, case-preserving lookups. Rows are the rules
 * written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { FlashError } from '../../core/ports/flash.ts';
import { VirtualFlash } from './virtual-flash.ts';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof FlashError) return err.code;
    throw err;
  }
}

const create = (vf: VirtualFlash, path: string) => () => vf.openWrite(path).close();

const n255 = 'n'.repeat(251) + '.txt'; // 255 bytes
const n256 = 'n'.repeat(252) + '.txt';
const e2 = 'é'.repeat(128); // 128 UTF-16 units, 256 UTF-8 bytes
const emoji = '😀'.repeat(64); // 128 units, 256 bytes

describe('littlefs names: at most 255 bytes (LFS_NAME_MAX)', () => {
  const rows: Array<[string, (vf: VirtualFlash) => () => unknown, string | null]> = [
    ['create a 255-byte name', (vf) => create(vf, n255), null],
    ['create a 256-byte name', (vf) => create(vf, n256), 'ENAMETOOLONG'],
    ['a 255-byte name whose .part temporary has 260', (vf) => create(vf, `${n255}.part`), 'ENAMETOOLONG'],
    ['bytes count, not characters: 128 × é', (vf) => create(vf, e2), 'ENAMETOOLONG'],
    ['… and 64 emoji', (vf) => create(vf, emoji), 'ENAMETOOLONG'],
    ['the limit is per name, not per path', (vf) => create(vf, `d/${n255}`), null],
    ['mkdir', (vf) => () => vf.mkdir(n256), 'ENAMETOOLONG'],
    ['rename to a long name', (vf) => () => vf.rename('a', n256), 'ENAMETOOLONG'],
    ['rename into a directory under a long name', (vf) => () => vf.rename('a', `d/${n256}`), 'ENAMETOOLONG'],
    ['looking a long name up finds nothing', (vf) => () => expect(vf.stat(n256)).toBeNull(), null],
    ['opening a long name to read: ENOENT', (vf) => () => vf.readFile(n256), 'ENOENT'],
    ['names differ by case', (vf) => () => expect(vf.stat('A')).toBeNull(), null],
  ];
  for (const [name, op, code] of rows) {
    it(name, () => {
      const vf = new VirtualFlash();
      vf.load({ a: 'a' }, ['d']);
      const before = vf.snapshot();
      expect(codeOf(op(vf))).toBe(code);
      if (code !== null) expect(vf.snapshot()).toEqual(before);
    });
  }

  it('a refused create is a flash op (the device issued it), like any other failure', () => {
    const vf = new VirtualFlash();
    codeOf(create(vf, n256));
    expect(vf.opLog).toEqual([{ index: 0, kind: 'open-write', path: n256 }]);
  });

  it('refuses to load a tree it could not hold', () => {
    expect(() => new VirtualFlash().load({ [n256]: 'x' })).toThrow(/exceeds littlefs's 255 bytes/);
  });
});

describe('fat names: long names of at most 255 UTF-16 units, no reserved characters', () => {
  const rows: Array<[string, string, string | null]> = [
    ['255 units', 'n'.repeat(255), null],
    ['256 units', 'n'.repeat(256), 'EINVAL'],
    ['units, not bytes: 128 × é (256 bytes) fits', e2, null],
    ['an emoji is 2 units: 128 emoji do not fit', '😀'.repeat(128), 'EINVAL'],
    ['a reserved character', 'a:b', 'EINVAL'],
    ['another', 'what?', 'EINVAL'],
    ['a control character', 'a\tb', 'EINVAL'],
  ];
  for (const [name, path, code] of rows) {
    it(name, () => {
      const vf = new VirtualFlash({ profile: 'fat' });
      expect(codeOf(create(vf, path))).toBe(code);
      expect(vf.snapshot().size).toBe(code === null ? 1 : 0);
    });
  }

  it('refuses a bad name on every call, reads too (FatFs checks the whole path)', () => {
    const vf = new VirtualFlash({ profile: 'fat' });
    expect(codeOf(() => vf.stat('a:b'))).toBe('EINVAL');
    expect(codeOf(() => vf.stat(`${'n'.repeat(256)}/x`))).toBe('EINVAL');
  });

  it('drops trailing dots and spaces', () => {
    const vf = new VirtualFlash({ profile: 'fat' });
    create(vf, 'name. .')();
    expect([...vf.snapshot().keys()]).toEqual(['name']);
    expect(vf.stat('name..')).toEqual({ kind: 'file', size: 0 });
  });
});

describe('fat is case-insensitive and case-preserving', () => {
  const setup = () => {
    const vf = new VirtualFlash({ profile: 'fat' });
    vf.load({ 'Lib/Main.py': 'main', 'lib2/x': 'x' });
    return vf;
  };

  it('finds a file whatever the case of each name on its path', () => {
    const vf = setup();
    expect(str(vf.readFile('lib/main.PY'))).toBe('main');
    expect(vf.stat('LIB')).toEqual({ kind: 'dir', size: 0 });
    expect(vf.list('lIB').map((e) => e.name)).toEqual(['Main.py']);
  });

  it('writing a name that differs only in case rewrites the same file, under its first name', () => {
    const vf = setup();
    const w = vf.openWrite('LIB/MAIN.PY');
    w.write(text('new'));
    w.close();
    expect(Object.fromEntries([...vf.snapshot()].map(([p, b]) => [p, str(b)]))).toEqual({ 'Lib/Main.py': 'new', 'lib2/x': 'x' });
  });

  it('mkdir of a name that differs only in case: EEXIST', () => {
    expect(codeOf(() => setup().mkdir('LIB'))).toBe('EEXIST');
  });

  it('renaming a file to another case of its own name keeps it and changes the case', () => {
    const vf = setup();
    vf.rename('lib/main.py', 'lib/MAIN.py');
    expect([...vf.snapshot().keys()]).toEqual(['Lib/MAIN.py', 'lib2/x']);
  });

  it('renaming onto another case of an existing name replaces that file', () => {
    const vf = setup();
    vf.rename('lib2/x', 'LIB/main.py');
    expect(Object.fromEntries([...vf.snapshot()].map(([p, b]) => [p, str(b)]))).toEqual({ 'Lib/main.py': 'x' });
  });

  it('removes a file named in another case', () => {
    const vf = setup();
    vf.remove('LIB/MAIN.PY');
    expect([...vf.snapshot().keys()]).toEqual(['lib2/x']);
  });

  it('refuses to load a tree with two names it would take for one', () => {
    expect(() => new VirtualFlash({ profile: 'fat' }).load({ 'A.txt': '1', 'a.TXT': '2' })).toThrow(/are one file on FAT/);
  });

  it('littlefs keeps them apart', () => {
    const vf = new VirtualFlash();
    vf.load({ 'A.txt': '1', 'a.TXT': '2' });
    expect(vf.snapshot().size).toBe(2);
  });
});
