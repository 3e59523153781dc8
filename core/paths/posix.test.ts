import { describe, expect, it } from 'vitest';
import { joinPath, parentOf, splitPath, stripSlashes } from './posix.ts';

describe('posix helpers', () => {
  it('splitPath gives the segments, none for the root', () => {
    expect(splitPath('a/b/c.py')).toEqual(['a', 'b', 'c.py']);
    expect(splitPath('main.py')).toEqual(['main.py']);
    expect(splitPath('')).toEqual([]);
  });

  it('joinPath skips the root and stray slashes at part ends', () => {
    expect(joinPath('.ota_stage', 'lib/x.py')).toBe('.ota_stage/lib/x.py');
    expect(joinPath('', 'main.py')).toBe('main.py');
    expect(joinPath('a/', '/b', '')).toBe('a/b');
    expect(joinPath()).toBe('');
  });

  it('joinPath does not resolve "..": checkRepoPath is the gate for that', () => {
    expect(joinPath('stage', '..', 'x')).toBe('stage/../x');
  });

  it('parentOf walks up one level and reaches the root', () => {
    expect(parentOf('a/b/c.py')).toBe('a/b');
    expect(parentOf('a/b')).toBe('a');
    expect(parentOf('main.py')).toBe('');
  });

  it('parentOf the root is a programmer error', () => {
    expect(() => parentOf('')).toThrow(/^Failed to take the parent/);
  });

  it('stripSlashes removes runs at both ends only', () => {
    expect(stripSlashes('//a/b//')).toBe('a/b');
    expect(stripSlashes('///')).toBe('');
  });
});
