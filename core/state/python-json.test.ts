import { describe, expect, it } from 'vitest';
import { compareCodePoints, pyJsonDumps, sortedMap } from './python-json.ts';

// Expected strings are what CPython 3's json.dumps prints for the same values (checked by hand
// against the documented rules: ", " and ": " separators, ensure_ascii with lowercase hex).
describe('pyJsonDumps', () => {
  it('uses Python default separators and keeps key order', () => {
    expect(pyJsonDumps({ ref: 'ref123', commit: 'c1' })).toBe('{"ref": "ref123", "commit": "c1"}');
    expect(pyJsonDumps({ b: [1, null, true, false], a: {} })).toBe('{"b": [1, null, true, false], "a": {}}');
  });

  it('escapes like ensure_ascii: control, quote, backslash, non-ASCII, DEL, astral as surrogates', () => {
    expect(pyJsonDumps('a"b\\c\n\t\u0001')).toBe('"a\\"b\\\\c\\n\\t\\u0001"');
    expect(pyJsonDumps('café/€\u007f')).toBe('"caf\\u00e9/\\u20ac\\u007f"');
    expect(pyJsonDumps('😀')).toBe('"\\ud83d\\ude00"');
  });

  it('writes a Map in its own order, integer-like keys included', () => {
    expect(pyJsonDumps(sortedMap({ '9': 'x', '10': 'y', b: 'z' }))).toBe('{"10": "y", "9": "x", "b": "z"}');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => pyJsonDumps(Number.NaN)).toThrow(/not finite/);
    expect(() => pyJsonDumps(() => 1)).toThrow(/unsupported/);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, not UTF-16 unit (U+FFFD sorts before U+1F600)', () => {
    const keys = ['\u{1F600}', '\uFFFD', 'a'];
    expect([...keys].sort(compareCodePoints)).toEqual(['a', '\uFFFD', '\u{1F600}']);
    expect([...keys].sort()).toEqual(['a', '\u{1F600}', '\uFFFD']); // what JS would do
  });
});
