/** Booleans, enumerations and strings. */
import { type ConfigReader, got } from './reader.ts';
import { suggest } from './suggest.ts';

export function readBool(r: ConfigReader, key: string, fallback: boolean): boolean {
  const raw = r.get(key);
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'boolean') return raw;
  r.fail(key, `"${key}" must be true or false (${got(raw)}); write true or false without quotes, or remove it`);
  return fallback;
}

/** One of `choices`; a near miss is named, never silently mapped. */
export function readChoice<T extends string>(r: ConfigReader, key: string, choices: readonly T[], fallback: T, explain: string): T {
  const raw = r.get(key);
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
  const list = choices.map((c) => `"${c}"`);
  const wanted = list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list.at(-1)}` : list.join('');
  const near = typeof raw === 'string' ? suggest(raw, choices) : null;
  const message = near === null ? `"${key}" must be ${wanted} (${got(raw)}); ${explain}` : `"${key}" must be ${wanted} (${got(raw)}; did you mean "${near}"?)`;
  r.fail(key, message);
  return fallback;
}

export interface StringSpec {
  /** What the value is, for the message: "a branch name". */
  what: string;
  /** "" means "not set" (token, ssid…): gives null. Otherwise "" is an error. */
  emptyIsNull?: boolean;
  /** Never quote the value (token, password, manifest_key). */
  secret?: boolean;
  /** Reject whitespace anywhere (names that go into URLs and headers). */
  noSpaces?: boolean;
  /** Strip whitespace at both ends first. */
  trim?: boolean;
  /** Longest allowed value in UTF-8 bytes. */
  maxBytes?: number;
  example?: string;
}

// C0 control characters and DEL: they break headers, URLs and file names.
const CONTROL = /[\u0000-\u001f\u007f]/;
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;

export function readString<D extends string | null>(r: ConfigReader, key: string, fallback: D, spec: StringSpec): string | D {
  const raw = r.get(key);
  if (raw === undefined || raw === null) return fallback;
  const advice = spec.example === undefined ? 'write it as a quoted string or remove it' : `set it to e.g. "${spec.example}" or remove it`;
  if (typeof raw !== 'string') {
    r.fail(key, `"${key}" must be ${spec.what} (${got(raw, spec.secret)}); ${advice}`);
    return fallback;
  }
  const value = spec.trim ? raw.trim() : raw;
  if (value === '') {
    if (spec.emptyIsNull) return fallback;
    r.fail(key, `"${key}" must not be empty; ${advice}`);
    return fallback;
  }
  const bad = spec.noSpaces ? SPACE_OR_CONTROL : CONTROL;
  if (bad.test(value)) {
    const shown = spec.secret ? '' : ` (${got(raw)})`;
    const what = spec.noSpaces ? 'spaces or control characters' : 'control characters';
    r.fail(key, `"${key}" must not contain ${what}${shown}; check for a stray line break`);
    return fallback;
  }
  if (spec.maxBytes !== undefined && new TextEncoder().encode(value).length > spec.maxBytes) {
    const shown = spec.secret ? '' : ` (${got(raw)})`;
    r.fail(key, `"${key}" must be at most ${spec.maxBytes} bytes long${shown}`);
    return fallback;
  }
  return value;
}
