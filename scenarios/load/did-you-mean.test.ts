import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.ts';

describe('did-you-mean', () => {
  it('computes Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests near misses and case slips, nothing for unrelated words', () => {
    const kinds = ['power-cut', 'power-cut-at-time', 'flash-full', 'drop'];
    expect(didYouMean('power-cutt', kinds)).toBe('power-cut');
    expect(didYouMean('Drop', kinds)).toBe('drop');
    expect(didYouMean('flsh-ful', kinds)).toBe('flash-full');
    expect(didYouMean('earthquake', kinds)).toBeNull();
    expect(didYouMean('power-cut-at-byte', [...kinds, 'power-cut-at-bytes'])).toBe('power-cut-at-bytes');
  });
});
