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
import { compareCodePoints, pyQuote } from '../state/python-json.ts';

export { compareCodePoints };

/** A JSON float whose value happens to be integral (`1.0`, `1e16`): written in float repr. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pythonCanonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return pyQuote(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : pythonFloatRepr(value);
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  if (Array.isArray(value)) return `[${value.map(pythonCanonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort(compareCodePoints);
    return `{${keys.map((k) => `${pyQuote(k)}:${pythonCanonicalJson(value[k])}`).join(',')}}`;
  }
  throw new TypeError(`Failed to serialise canonical JSON: unsupported value of type ${typeof value}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
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
