// Expected strings are Python's `json.dumps(v, sort_keys=True, separators=(",", ":"))`, worked
// out from CPython's encoder rules (ESCAPE_ASCII, float_repr 'r' mode) and spot-checked by hand.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PyFloat, compareCodePoints, constantTimeEqual, hmacSha256Hex, pythonCanonicalJson, pythonFloatRepr } from './canonical.ts';
import { parsePythonJson } from './parse-json.ts';

describe('pythonCanonicalJson', () => {
  it('sorts keys and uses compact separators', () => {
    expect(pythonCanonicalJson({ version: 'v1', files: [{ size: 3, path: 'a.py' }] })).toBe('{"files":[{"path":"a.py","size":3}],"version":"v1"}');
  });

  it('sorts keys by code point, not UTF-16 unit', () => {
    // U+1F600 (surrogates D83D DE00) sorts after U+FF21 in Python; JS's default sort puts it first.
    const obj = { '\u{1F600}': 1, '\uFF21': 2 };
    expect(Object.keys(obj).sort()[0]).toBe('\u{1F600}');
    expect(pythonCanonicalJson(obj)).toBe('{"\\uff21":2,"\\ud83d\\ude00":1}');
  });

  it('escapes like ensure_ascii=True', () => {
    expect(pythonCanonicalJson('é/"\\\n\r\t\b\f')).toBe('"\\u00e9/\\"\\\\\\n\\r\\t\\b\\f"');
    expect(pythonCanonicalJson('\u0001\u001f\u007f~ ')).toBe('"\\u0001\\u001f\\u007f~ "');
    expect(pythonCanonicalJson('\u{1F600}')).toBe('"\\ud83d\\ude00"');
    expect(pythonCanonicalJson('\u2028')).toBe('"\\u2028"');
  });

  it('writes ints as ints and floats in Python repr', () => {
    expect(pythonCanonicalJson([0, -0, -7, 4294967295, 2 ** 53 - 1])).toBe('[0,0,-7,4294967295,9007199254740991]');
    // Past 2^53 a JS number is taken as the float it most likely was; exact big ints come as bigint.
    expect(pythonCanonicalJson([1e21, 2 ** 53])).toBe('[1e+21,9007199254740992.0]');
    expect(pythonCanonicalJson([0.5, 1e-5, 0.0001, 1.5e300, -2.5e-7, 123.456])).toBe('[0.5,1e-05,0.0001,1.5e+300,-2.5e-07,123.456]');
    expect(pythonCanonicalJson([new PyFloat(1), new PyFloat(1e16), new PyFloat(1e15), new PyFloat(-0)])).toBe('[1.0,1e+16,1000000000000000.0,-0.0]');
    expect(pythonCanonicalJson(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('writes literals and nesting', () => {
    expect(pythonCanonicalJson({ a: null, b: true, c: false, d: [], e: {} })).toBe('{"a":null,"b":true,"c":false,"d":[],"e":{}}');
  });

  it('refuses values Python could not dump', () => {
    expect(() => pythonCanonicalJson({ a: undefined })).toThrow(/Failed to serialise/);
    expect(() => pythonCanonicalJson(new Map())).toThrow(/Failed to serialise/);
  });
});

describe('pythonFloatRepr', () => {
  it('switches to exponent form below 1e-4 and at 1e16', () => {
    expect(pythonFloatRepr(0.0001)).toBe('0.0001');
    expect(pythonFloatRepr(0.00009)).toBe('9e-05');
    expect(pythonFloatRepr(9999999999999998)).toBe('9999999999999998.0');
    expect(pythonFloatRepr(1e16)).toBe('1e+16');
    expect(pythonFloatRepr(5e-324)).toBe('5e-324');
    expect(pythonFloatRepr(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('round-trips every finite double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(Number(pythonFloatRepr(x)), x)));
  });
});

describe('parsePythonJson + canonical', () => {
  it('keeps the int/float distinction of the text', () => {
    expect(pythonCanonicalJson(parsePythonJson('{"b": 1.0, "a": [1, 1e2, 2.50, 99999999999999999999]}'))).toBe('{"a":[1,100.0,2.5,99999999999999999999],"b":1.0}');
  });

  it('keeps lone surrogates, __proto__ keys and the last duplicate', () => {
    const v = parsePythonJson('{"__proto__": {"x": 1}, "s": "\\ud800", "k": 1, "k": 2}');
    expect(pythonCanonicalJson(v)).toBe('{"__proto__":{"x":1},"k":2,"s":"\\ud800"}');
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('rejects what json.loads rejects', () => {
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '01', '"\u0001"', '"\\x"', '1 2', 'NaN', "{'a':1}"]) {
      expect(() => parsePythonJson(bad), bad).toThrow(/offset/);
    }
  });

  it('agrees with JSON.parse on JSON without floats', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        const text = JSON.stringify(v);
        // Only texts whose numbers are all safe ints: there both parsers must agree exactly.
        const numbers = text.replace(/"(?:[^"\\]|\\.)*"/g, '').match(/-?\d[\d.eE+-]*/g) ?? [];
        fc.pre(numbers.every((n) => /^-?\d+$/.test(n) && Number.isSafeInteger(Number(n))));
        expect(pythonCanonicalJson(parsePythonJson(text))).toBe(pythonCanonicalJson(JSON.parse(text)));
      }),
    );
  });
});

describe('hmac', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('compares in constant time, case-sensitively', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'ABC')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('orders code points like Python', () => {
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('\u{10000}', '\uffff')).toBeGreaterThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });
});
