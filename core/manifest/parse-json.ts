/**
 * A JSON parser that keeps what Python's `json.loads` keeps and `JSON.parse` loses, so that
 * `pythonCanonicalJson(parsePythonJson(text))` equals Python's canonical dump of the same text:
 * integral floats (`1.0`, `1e16`) become `PyFloat`, integers beyond 2^53 become bigint, lone
 * surrogate escapes survive, and a `__proto__` key is an ordinary key. Python's NaN/Infinity
 * extensions are rejected: no manifest carries them, and refusing is the safe side.
 */
import { PyFloat } from './canonical.ts';

export type PyJson = null | boolean | number | bigint | string | PyFloat | PyJson[] | { [key: string]: PyJson };

const MAX_DEPTH = 64;

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

export function parsePythonJson(text: string): PyJson {
  const p = new Parser(text);
  p.skipWs();
  const v = p.value(0);
  p.skipWs();
  if (p.i !== text.length) throw new JsonSyntaxError('extra data', p.i);
  return v;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  skipWs(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  value(depth: number): PyJson {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('nesting too deep', this.i);
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    for (const [word, v] of [['null', null], ['true', true], ['false', false]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.number();
  }

  number(): PyJson {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m === null) throw new JsonSyntaxError('expecting value', this.i);
    this.i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    const f = Number(m[0]);
    return Number.isInteger(f) ? new PyFloat(f) : f;
  }

  string(): string {
    this.i++; // opening quote
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) throw new JsonSyntaxError('unterminated string', this.i);
      this.i++;
      if (c === '"') return out;
      if (c < ' ') throw new JsonSyntaxError('invalid control character', this.i - 1);
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      if (e === 'u') {
        const hex = this.s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('invalid \\uXXXX escape', this.i);
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 4;
      } else if (e !== undefined && ESCAPES[e] !== undefined) out += ESCAPES[e];
      else throw new JsonSyntaxError('invalid escape', this.i - 1);
    }
  }

  array(depth: number): PyJson[] {
    this.i++;
    const out: PyJson[] = [];
    this.skipWs();
    if (this.s[this.i] === ']') return this.i++, out;
    for (;;) {
      this.skipWs();
      out.push(this.value(depth + 1));
      this.skipWs();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') throw new JsonSyntaxError("expecting ',' or ']'", this.i - 1);
    }
  }

  object(depth: number): { [key: string]: PyJson } {
    this.i++;
    const out: { [key: string]: PyJson } = {};
    this.skipWs();
    if (this.s[this.i] === '}') return this.i++, out;
    for (;;) {
      this.skipWs();
      if (this.s[this.i] !== '"') throw new JsonSyntaxError('expecting property name', this.i);
      const key = this.string();
      this.skipWs();
      if (this.s[this.i++] !== ':') throw new JsonSyntaxError("expecting ':'", this.i - 1);
      this.skipWs();
      // defineProperty: a "__proto__" key must stay data, as in a Python dict (last duplicate wins).
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWs();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') throw new JsonSyntaxError("expecting ',' or '}'", this.i - 1);
    }
  }
}
