import { describe, expect, it } from 'vitest';
import { isPermitted, normalizeRules } from './rules.ts';

describe('normalizeRules', () => {
  it('strips slashes at both ends and keeps the order (predecessor test_path_filtering)', () => {
    expect(normalizeRules(['/allowed/', '/exact.txt'])).toEqual(['allowed', 'exact.txt']);
    expect(normalizeRules(['/allowed/skip/'])).toEqual(['allowed/skip']);
  });

  it('drops entries that are empty or only slashes', () => {
    expect(normalizeRules(['', '/', '//', 'lib'])).toEqual(['lib']);
  });

  it('leaves inner slashes and globs alone', () => {
    expect(normalizeRules(['a/b', '*.py'])).toEqual(['a/b', '*.py']);
  });
});

describe('isPermitted (predecessor test_path_filtering)', () => {
  const allow = normalizeRules(['/allowed/', '/exact.txt']);
  const ignore = normalizeRules(['/allowed/skip/']);

  it('permits exact matches and paths under an allowed directory', () => {
    expect(isPermitted('exact.txt', allow, ignore)).toBe(true);
    expect(isPermitted('allowed', allow, ignore)).toBe(true);
    expect(isPermitted('allowed/file.py', allow, ignore)).toBe(true);
    expect(isPermitted('allowed/deep/er/file.py', allow, ignore)).toBe(true);
  });

  it('refuses paths outside the allow list', () => {
    expect(isPermitted('other.txt', allow, ignore)).toBe(false);
    expect(isPermitted('main.py', allow, ignore)).toBe(false);
  });

  it('matches a directory prefix only at a "/" boundary', () => {
    expect(isPermitted('allowedx/file.py', allow, ignore)).toBe(false);
    expect(isPermitted('exact.txt.bak', allow, ignore)).toBe(false);
  });

  it('lets ignore override allow', () => {
    expect(isPermitted('allowed/skip', allow, ignore)).toBe(false);
    expect(isPermitted('allowed/skip/x.py', allow, ignore)).toBe(false);
    expect(isPermitted('allowed/skipper.py', allow, ignore)).toBe(true);
  });

  it('permits everything when allow is empty, except what ignore names', () => {
    expect(isPermitted('anything/at/all.py', [], [])).toBe(true);
    expect(isPermitted('tests/t.py', [], ['tests'])).toBe(false);
    expect(isPermitted('main.py', [], ['tests'])).toBe(true);
  });

  it('treats "*" as a literal name, not a glob', () => {
    expect(isPermitted('main.py', ['*'], [])).toBe(false);
    expect(isPermitted('a.py', ['*.py'], [])).toBe(false);
    expect(isPermitted('*.py', ['*.py'], [])).toBe(true);
  });

  it('is case-sensitive, like littlefs', () => {
    expect(isPermitted('Allowed/file.py', allow, ignore)).toBe(false);
  });
});
