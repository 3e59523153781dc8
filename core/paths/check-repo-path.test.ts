import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRepoPath } from './check-repo-path.ts';
import { splitPath } from './posix.ts';

describe('checkRepoPath: predecessor test_path_sanity', () => {
  // The predecessor rejected these from its stage path, its backup path and manifest entries;
  // here the one gate rejects them, and callers report PATH_REJECTED.
  it.each([
    ['../bad', '".." segment'],
    ['/bad', 'absolute'],
    ['dir/../bad', '".." segment'],
    ['dir/./bad', '"." segment'],
    ['dir//bad', 'empty segment'],
  ])('rejects %j (%s)', (path, reason) => {
    expect(checkRepoPath(path)).toContain(reason);
  });
});

describe('checkRepoPath: new rejections', () => {
  it.each([
    ['', 'empty'],
    ['.', '"." segment'],
    ['..', '".." segment'],
    ['a/..', '".." segment'],
    ['lib/', 'ends with "/"'],
    ['lib\\x.py', 'backslash'],
    ['..\\x.py', 'backslash'],
    ['a\u0000b', 'control character'],
    ['a\nb', 'control character'],
    ['a\u001fb', 'control character'],
    ['a\u007fb', 'control character'],
    ['C:', 'drive prefix'],
    ['c:/windows/x', 'drive prefix'],
    ['C:x.py', 'drive prefix'],
    ['a\uD800b', 'not valid Unicode'],
  ])('rejects %j (%s)', (path, reason) => {
    expect(checkRepoPath(path)).toContain(reason);
  });

  it('limits a name to 255 bytes, counting UTF-8 bytes, not characters', () => {
    expect(checkRepoPath('a'.repeat(255))).toBeNull();
    expect(checkRepoPath('a'.repeat(256))).toContain('longer than 255 bytes');
    // 128 'é' are 128 characters but 256 bytes.
    expect(checkRepoPath('é'.repeat(127))).toBeNull();
    expect(checkRepoPath('é'.repeat(128))).toContain('longer than 255 bytes');
  });

  it('limits the whole path to 1024 bytes', () => {
    const segment = 'a'.repeat(200);
    const ok = [segment, segment, segment, segment, 'b'.repeat(220)].join('/'); // 1024 bytes
    expect(ok.length).toBe(1024);
    expect(checkRepoPath(ok)).toBeNull();
    expect(checkRepoPath(ok + 'c')).toContain('longer than 1024 bytes');
  });
});

describe('checkRepoPath: accepts ordinary repository paths', () => {
  it.each(['main.py', 'lib/umqtt/simple.py', '.github/workflows/ci.yml', '...', '..x', 'x..', 'a b.txt', 'ünï/cödé.py', 'ab:c', 'x/C:y', 'v1.2/data.bin'])(
    'accepts %j',
    (path) => {
      expect(checkRepoPath(path)).toBeNull();
    },
  );
});

/** Walks the segments like a filesystem would; -1 means it climbed above the root. */
function lowestDepth(path: string): number {
  let depth = 0;
  let lowest = 0;
  for (const segment of splitPath(path)) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    lowest = Math.min(lowest, depth);
  }
  return lowest;
}

describe('checkRepoPath: properties', () => {
  const nasty = fc.constantFrom('a', 'b', '.', '/', '\\', '\u0000', ':', 'C', '\n', ' ', 'é', '%', '\u007f');
  const segmentish = fc
    .array(fc.constantFrom('a', 'b.py', '.', '..', '', '...', 'C:', 'x y', '%2e%2e', '.hidden'), { maxLength: 6 })
    .map((segments) => segments.join('/'));
  const anyPath = fc.oneof(fc.string({ unit: nasty, maxLength: 24 }), segmentish, fc.string({ unit: 'binary', maxLength: 24 }));

  it('an accepted path never escapes the root and is already canonical', () => {
    fc.assert(
      fc.property(anyPath, (path) => {
        if (checkRepoPath(path) !== null) return;
        const segments = splitPath(path);
        expect(segments).not.toContain('..');
        expect(segments).not.toContain('.');
        expect(segments).not.toContain('');
        expect(lowestDepth(path)).toBe(0);
        // node's own resolver agrees: the path stays under the root and is not rewritten.
        expect(posix.resolve('/root', path)).toBe(`/root/${path}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every path made of ordinary names', () => {
    const name = fc
      .string({ unit: fc.constantFrom('a', 'Z', '0', '_', '-', '.', ' '), minLength: 1, maxLength: 12 })
      .filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), (segments) => {
        expect(checkRepoPath(segments.join('/'))).toBeNull();
      }),
    );
  });
});
