/**
 * The text manifest_gen signs: Python's `json.dumps(obj, sort_keys=True, separators=(",", ":"))`
 * with the default `ensure_ascii=True` (docs/SPEC.md, manifest `signature`).
 *
 * Written apart from core/manifest/canonical.ts on purpose, by other means (JSON.stringify plus
 * an ASCII pass for strings, String(x) re-read for floats, a code-point key for sorting): the
 * fake GitHub signs with this one and core verifies with its own, so a bug in either shows as a
 * signature mismatch instead of cancelling out. test/manifest-agreement.test.ts holds the two to
 * the same bytes, and to Python's.
 *
 * Numbers follow the convention for JS values that core/manifest/canonical.ts documents (a JS
 * number cannot say int or float): a safe integer is a Python int, any other number a Python
 * float (`1e+16`, `0.5`, `1e-05`); a bigint is an int.
 */

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return asciiString(value);
    case 'number':
      return Number.isSafeInteger(value) ? String(value) : pythonFloat(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      if (isPlainObject(value)) return `{${sortedKeys(value).map((k) => `${asciiString(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  throw new TypeError(`Failed to write canonical JSON: ${typeof value} has no JSON form`);
}

/** Keys (or paths) in Python's str order: by code point, where UTF-16 order differs above U+FFFF. */
export function sortedKeys(obj: object): string[] {
  return sortByCodePoint(Object.keys(obj));
}

export function sortByCodePoint(strings: Iterable<string>): string[] {
  // Six hex digits per code point: comparing these keys compares the code point sequences.
  const keyed = Array.from(strings, (s) => [Array.from(s, (c) => c.codePointAt(0)!.toString(16).padStart(6, '0')).join(''), s] as const);
  return keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** JSON.stringify escapes quotes, backslashes and controls as Python does; ensure_ascii then escapes every code unit outside space..'~'. */
function asciiString(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python's float repr: the same shortest digits as JS, fixed notation for 1e-4 <= |x| < 1e16. */
function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity || x === -Infinity) return x > 0 ? 'Infinity' : '-Infinity';
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new TypeError(`Failed to write canonical JSON: cannot read the digits of ${x}`);
  const [, sign, whole, frac = '', exp = '0'] = m;
  const all = whole! + frac;
  const lead = all.search(/[1-9]/);
  const digits = all.slice(lead).replace(/0+$/, '');
  // The decimal exponent of the first significant digit.
  const e10 = whole!.length - 1 - lead + Number(exp);
  if (e10 >= -4 && e10 < 16) {
    if (e10 < 0) return `${sign}0.${'0'.repeat(-e10 - 1)}${digits}`;
    const intPart = digits.slice(0, e10 + 1).padEnd(e10 + 1, '0');
    return `${sign}${intPart}.${digits.slice(e10 + 1) || '0'}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${e10 < 0 ? '-' : '+'}${String(Math.abs(e10)).padStart(2, '0')}`;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
