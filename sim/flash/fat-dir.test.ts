/**
 * Where FAT directory entries sit (fat-dir.ts): one 32-byte slot per 13 UTF-16 units of the long
 * name plus the short entry, 16 slots to a sector, `.` and `..` first in a subdirectory, freed
 * slots reused first-fit. A torn write of one sector loses exactly the entries in it.
 */
import { describe, expect, it } from 'vitest';
import { FatLayoutStore } from './fat-dir.ts';
import { MapStore } from './store.ts';

const EMPTY = new Uint8Array(0);

function layout(names: string[], dir = ''): FatLayoutStore {
  const store = new FatLayoutStore(new MapStore());
  if (dir !== '') store.makeDir(dir);
  for (const n of names) store.setFile(dir === '' ? n : `${dir}/${n}`, EMPTY);
  return store;
}

describe('FAT directory layout', () => {
  it('packs 2-slot entries 8 to a sector', () => {
    const s = layout(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(s.entriesIn('', 0, 'a').sort()).toEqual(['b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(s.entriesIn('', 1, '')).toEqual(['i']);
    expect(s.sectorOf('i')).toBe(1);
  });

  it('a long name takes a slot per 13 UTF-16 units', () => {
    // 27 units: 3 long-name slots + the short entry = 4 slots; 4 of them fill sector 0.
    const long = (c: string) => c.repeat(27);
    const s = layout([long('a'), long('b'), long('c'), long('d'), 'e']);
    expect(s.sectorOf(long('d'))).toBe(0);
    expect(s.sectorOf('e')).toBe(1);
  });

  it('a subdirectory starts with . and ..', () => {
    const s = layout(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 'd');
    expect(s.sectorOf('d/g')).toBe(0);
    expect(s.sectorOf('d/h')).toBe(1);
  });

  it('reuses freed slots first-fit, so a new entry can land among old neighbours', () => {
    const s = layout(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    s.deleteFile('b');
    expect(s.sectorOf('new')).toBe(0); // where it would go
    s.setFile('new', EMPTY);
    expect(s.entriesIn('', 0, 'new')).toContain('a');
    expect(s.entriesIn('', 1, '')).toEqual(['i']);
  });

  it('a rename registers the new entry before freeing the old one', () => {
    const s = layout(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    s.move('a', 'z');
    expect(s.sectorOf('z')).toBe(1);
    expect(s.entriesIn('', 0, '')).not.toContain('a');
  });
});
