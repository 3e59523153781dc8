import { describe, expect, it } from 'vitest';
import { readTree, recordingFlash, writeTree, useTempRoots } from '../commit/test-kit.ts';
import { formatVersion, readVersion, serializeVersion, withRejected, writeVersion } from './version-file.ts';

const root = useTempRoots();

describe('serializeVersion', () => {
  it('writes the predecessor bytes when there is nothing more to say', () => {
    expect(serializeVersion({ ref: 'ref123', commit: 'c1' })).toBe('{"ref": "ref123", "commit": "c1"}');
  });

  it('appends files (sorted) and rejected after ref and commit', () => {
    const text = serializeVersion({ ref: 'v2', commit: 'c2', files: { 'z.py': 'b', 'a/b.py': 'a' }, rejected: ['x'] });
    expect(text).toBe('{"ref": "v2", "commit": "c2", "files": {"a/b.py": "a", "z.py": "b"}, "rejected": ["x"]}');
  });

  it('omits an empty rejected list but keeps an empty files map', () => {
    expect(serializeVersion({ ref: 'r', commit: 'c', files: {}, rejected: [] })).toBe('{"ref": "r", "commit": "c", "files": {}}');
  });
});

describe('readVersion', () => {
  it('reads our format back', async () => {
    const r = root();
    writeTree(r.dir, { 'version.json': '{"ref": "v2", "commit": "c2", "files": {"a.py": "s"}, "rejected": ["1","2","3","4","5","6"]}' });
    const read = await readVersion(r.flash);
    expect(read.version).toEqual({ ref: 'v2', commit: 'c2', files: { 'a.py': 's' }, rejected: ['2', '3', '4', '5', '6'] });
  });

  it("tolerates the original upstream's {\"version\": n} and garbage, with a reason", async () => {
    const r = root();
    writeTree(r.dir, { 'version.json': '{"version": 3}' });
    expect(await readVersion(r.flash)).toEqual({ version: null, reason: expect.stringMatching(/legacy/), legacyVersion: 3 });
    writeTree(r.dir, { 'version.json': '\u0000\u0000garbage' });
    expect(await readVersion(r.flash)).toMatchObject({ version: null, reason: expect.stringMatching(/not JSON/) });
    writeTree(r.dir, { 'version.json': '["ref"]' });
    expect(await readVersion(r.flash)).toMatchObject({ version: null, reason: expect.stringMatching(/not an object/) });
  });

  it('reports a missing file as such', async () => {
    expect(await readVersion(root().flash)).toEqual({ version: null, reason: 'missing' });
  });

  it('drops a malformed files map instead of failing (no deletes without a trustworthy map)', async () => {
    const r = root();
    writeTree(r.dir, { 'version.json': '{"ref": "v", "commit": "c", "files": {"a": 1}}' });
    expect((await readVersion(r.flash)).version).toEqual({ ref: 'v', commit: 'c' });
  });
});

describe('writeVersion', () => {
  it('does not rewrite an identical state, and does rewrite a new one', async () => {
    const r = root();
    const ops: string[] = [];
    const flash = recordingFlash(r.flash, ops);
    expect(await writeVersion(flash, { ref: 'v1', commit: 'c1', files: { 'a.py': 's' } })).toBe(true);
    const afterFirst = ops.length;
    expect(await writeVersion(flash, { ref: 'v1', commit: 'c1', files: { 'a.py': 's' } })).toBe(false);
    expect(ops.length).toBe(afterFirst);
    expect(await writeVersion(flash, { ref: 'v1', commit: 'c1', files: { 'a.py': 't' } })).toBe(true);
    expect(readTree(r.dir)['version.json']).toBe('{"ref": "v1", "commit": "c1", "files": {"a.py": "t"}}');
  });
});

describe('withRejected', () => {
  it('appends, moves a repeat to the end and keeps the last five', () => {
    expect(withRejected(undefined, 'a')).toEqual(['a']);
    expect(withRejected(['a', 'b'], 'a')).toEqual(['b', 'a']);
    expect(withRejected(['1', '2', '3', '4', '5'], '6')).toEqual(['2', '3', '4', '5', '6']);
  });
});

describe('formatVersion (the predecessor test_format_version strings)', () => {
  it('gives "v1.0 #abcdef1", "v1.0", "#abcdef1" and ""', () => {
    expect(formatVersion({ ref: 'v1.0', commit: 'abcdef1234567' })).toBe('v1.0 #abcdef1');
    expect(formatVersion({ ref: 'v1.0', commit: '' })).toBe('v1.0');
    expect(formatVersion({ ref: '', commit: 'abcdef1234567' })).toBe('#abcdef1');
    expect(formatVersion({ ref: null, commit: null })).toBe('');
    expect(formatVersion(null)).toBe('');
  });

  it('matches the predecessor debug lines', () => {
    expect(`[OTA] Installed version: ${formatVersion({ ref: 'v1', commit: '9876543210' })}`).toBe('[OTA] Installed version: v1 #9876543');
    expect(`[OTA] Repo version: ${formatVersion({ ref: 'main', commit: '1234567abc' })}`).toBe('[OTA] Repo version: main #1234567');
  });
});
