import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from './suggest.ts';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', '', 3],
    ['chanel', 'channel', 1],
    ['stabel', 'stable', 1], // one transposition
    ['kitten', 'sitting', 3],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('suggest', () => {
  const choices = ['stable', 'developer'];
  it('prefers a case-insensitive match, then a unique prefix, then the nearest', () => {
    expect(suggest('STABLE', choices)).toBe('stable');
    expect(suggest('dev', choices)).toBe('developer');
    expect(suggest('stabl', choices)).toBe('stable');
  });

  it('gives nothing for distant, empty or tiny inputs', () => {
    expect(suggest('main', choices)).toBeNull();
    expect(suggest('', choices)).toBeNull();
    expect(suggest('a', ['ab', 'tag'])).toBeNull();
  });
});
