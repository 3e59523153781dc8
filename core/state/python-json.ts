/**
 * Python's `json.dumps(obj)` with its defaults, byte for byte: separators ", " and ": ", keys in
 * insertion order, ensure_ascii (everything outside space..'~' escaped as \uXXXX, lowercase hex,
 * astral characters as surrogate pairs). The predecessor wrote version.json this way and its test
 * asserts the exact bytes; the device updater (MicroPython) writes the same text for ASCII data.
 */

const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

export function pyQuote(s: string): string {
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

/** State files hold strings, integers, booleans, null, arrays and plain objects. */
export function pyJsonDumps(value: unknown): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return pyQuote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Failed to serialise JSON: ${value} is not finite`);
    // Integers print alike in both languages; other floats use JS's shortest repr (no state file needs more).
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  // A Map keeps its order even for integer-like keys ('10' before '9'), which a plain object cannot.
  if (value instanceof Map) return dumpEntries([...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), v]));
  if (typeof value === 'object') return dumpEntries(Object.entries(value as Record<string, unknown>));
  throw new TypeError(`Failed to serialise JSON: unsupported value of type ${typeof value}`);
}

function dumpEntries(entries: [string, unknown][]): string {
  const parts: string[] = [];
  for (const [k, v] of entries) if (v !== undefined) parts.push(`${pyQuote(k)}: ${pyJsonDumps(v)}`);
  return `{${parts.join(', ')}}`;
}

/** Python orders str by code point; JS's default sort uses UTF-16 units (they differ above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** The entries of a path → value record as a Map sorted by code point: what a files map serialises as. */
export function sortedMap<T>(record: Readonly<Record<string, T>>): Map<string, T> {
  return new Map(Object.entries(record).sort((a, b) => compareCodePoints(a[0], b[0])));
}
