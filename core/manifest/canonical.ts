/**
 * Python's canonical JSON, byte for byte: `json.dumps(obj, sort_keys=True, separators=(",", ":"))`
 * with the default `ensure_ascii=True`. The predecessor signs manifests with HMAC-SHA256 over this
 * text (predecessor-behaviour.md §2.2), so a port must reproduce it exactly; `JSON.stringify`
 * differs in key order, escaping and float format.
 *
 * Numbers. JSON text `1.0` is a float in Python (`1.0`) but JS parses it to the integer 1, so a
 * plain JS number that is a safe integer (|x| < 2^53) is written as a Python int (`1`). Past 2^53
 * a JS number is written as a float (`1e+21`): exact big ints need a bigint. That is safe for
 * manifests: every number the predecessor's manifest_gen writes (`size`, `crc32`) is an int, and when a
 * manifest does carry an integral float the only effect is a signature mismatch (fail closed) or
 * the acceptance of the numerically same value. `parsePythonJson` (parse-json.ts) keeps the
 * int/float distinction by wrapping integral floats in `PyFloat` and out-of-range ints as bigint,
 * which makes verification exact for any manifest.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A JSON float whose value happens to be integral (`1.0`, `1e16`): written in float repr. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pythonCanonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : pythonFloatRepr(value);
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  if (Array.isArray(value)) return `[${value.map(pythonCanonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort(compareCodePoints);
    return `{${keys.map((k) => `${quote(k)}:${pythonCanonicalJson(value[k])}`).join(',')}}`;
  }
  throw new TypeError(`Failed to serialise canonical JSON: unsupported value of type ${typeof value}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Python compares str by code point; JS's default sort compares UTF-16 units (differs above U+FFFF vs U+E000–U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

/**
 * ensure_ascii: everything outside printable ASCII (space..'~') is escaped, DEL included. Working
 * on UTF-16 units yields Python's surrogate pairs for astral characters (and keeps lone surrogates).
 */
function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) out += short;
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

/**
 * Python's float repr: shortest round-trip digits (as JS), fixed notation when the decimal point
 * position p satisfies -4 < p <= 16 (always with a fractional part: `1.0`), else `d.ddde±XX`.
 * Python's json writes non-finite floats as NaN/Infinity; a manifest never holds them.
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const [mant = '0', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  const point = exp + 1; // digits d1d2… represent 0.d1d2… × 10^point
  if (point > -4 && point <= 16) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e}`;
}

/** HMAC-SHA256 of a UTF-8 message under a UTF-8 key, lowercase hex (Python's `hexdigest()`). */
export function hmacSha256Hex(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex');
}

/** Constant-time for equal lengths (as `hmac.compare_digest`); case-sensitive like the predecessor. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}
