import { describe, expect, it } from 'vitest';
import { canonicalJson, sortByCodePoint } from './canonical-json.ts';

// Expected texts were printed by CPython 3 `json.dumps(v, sort_keys=True, separators=(",", ":"))`,
// with ints where JS has safe integers and floats elsewhere.
describe('canonical JSON (the fake GitHub signs this text)', () => {
  it('writes what Python writes for strings, keys, nesting and numbers', () => {
    const value = {
      b: [1, -1, 0, 9007199254740991, 1e15, 1.5, 0.1, 1e-5, 0.0001, 1e16, 1e21, 1.2345678901234568e20, 5e-324, 123.456, -2.5e-7, 2 ** 53, 2 ** 60, 1000000000000000.5],
      a: { 'é': 'café \u2028 \x7f \x00 \t " \\ </script> \ud800', '😀': '😀', '\uffff': 'x', z: null, y: true, x: false },
      '': [[], {}],
      big: 12345678901234567890n,
    };
    expect(canonicalJson(value)).toBe(
      '{"":[[],{}],"a":{"x":false,"y":true,"z":null,"\\u00e9":"caf\\u00e9 \\u2028 \\u007f \\u0000 \\t \\" \\\\ </script> \\ud800","\\uffff":"x","\\ud83d\\ude00":"\\ud83d\\ude00"},' +
        '"b":[1,-1,0,9007199254740991,1000000000000000,1.5,0.1,1e-05,0.0001,1e+16,1e+21,1.2345678901234568e+20,5e-324,123.456,-2.5e-07,9007199254740992.0,1.152921504606847e+18,1000000000000000.5],' +
        '"big":12345678901234567890}',
    );
  });

  it('sorts by code point, as Python sorts str', () => {
    // UTF-16 order would put the emoji (a surrogate pair, 0xd83d…) before U+FFFF.
    expect(sortByCodePoint(['😀', '\uffff', 'b', 'a', ''])).toEqual(['', 'a', 'b', '\uffff', '😀']);
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(/undefined has no JSON form/);
    expect(() => canonicalJson(new Map())).toThrow(/object has no JSON form/);
  });
});
