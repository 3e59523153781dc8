/** Numeric keys: integers (some accepting the predecessor's integer strings) and plain numbers. */
import { describeValue } from './describe-value.ts';
import { type ConfigReader, got, rangeText } from './reader.ts';

export interface IntSpec {
  /** Plural noun for the message: "bytes", "seconds", "attempts". */
  unit: string;
  min?: number;
  max?: number;
  /** The predecessor applied int() to this key, so "1024" (a string) is accepted for compatibility. */
  intString?: boolean;
  example: number;
  /** Said after the range, e.g. "(the RP2040 maximum)". */
  note?: string;
  /** Replaces "set it to e.g. <example> or remove it". */
  advice?: string;
}

const INT_STRING = /^\s*[+-]?\d+\s*$/;

/** An integer key; absent or null gives `fallback`. */
export function readInt<D extends number | null>(r: ConfigReader, key: string, fallback: D, spec: IntSpec): number | D {
  const raw = r.get(key);
  if (raw === undefined || raw === null) return fallback;
  const advice = spec.advice ?? `set it to e.g. ${spec.example} or remove it`;
  let value: number;
  if (typeof raw === 'number' && Number.isInteger(raw)) value = raw;
  else if (typeof raw === 'string' && INT_STRING.test(raw) && spec.intString) value = Number(raw.trim());
  else {
    const quoted = typeof raw === 'string' && INT_STRING.test(raw);
    const fix = quoted ? `write the number without quotes, e.g. ${Number(raw.trim())}` : advice;
    r.fail(key, `"${key}" must be an integer number of ${spec.unit} (${got(raw)}); ${fix}`);
    return fallback;
  }
  if (!Number.isSafeInteger(value) || (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    const note = spec.note ? ` ${spec.note}` : '';
    r.fail(key, `"${key}" must be ${rangeText(spec.min, spec.max)} ${spec.unit}${note} (${got(raw)}); ${advice}`);
    return fallback;
  }
  return value;
}

export interface NumberSpec {
  unit: string;
  /** Strictly above zero ("a positive number of seconds"). */
  positive?: boolean;
  min?: number;
  max?: number;
  example: number;
  advice?: string;
}

/** A number key (fractions allowed); absent or null gives `fallback`. */
export function readNumber<D extends number | null>(r: ConfigReader, key: string, fallback: D, spec: NumberSpec): number | D {
  const raw = r.get(key);
  if (raw === undefined || raw === null) return fallback;
  const advice = spec.advice ?? `set it to e.g. ${spec.example} or remove it`;
  const kind = spec.positive ? 'a positive number' : 'a number';
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    const fix = typeof raw === 'string' && Number.isFinite(Number(raw)) && raw.trim() !== '' ? `write the number without quotes, e.g. ${Number(raw)}` : advice;
    r.fail(key, `"${key}" must be ${kind} of ${spec.unit} (got ${describeValue(raw)}); ${fix}`);
    return fallback;
  }
  const tooLow = (spec.positive && raw <= 0) || (spec.min !== undefined && raw < spec.min);
  const tooHigh = spec.max !== undefined && raw > spec.max;
  if (tooLow || tooHigh) {
    const range = spec.positive ? kind : rangeText(spec.min, spec.max);
    r.fail(key, `"${key}" must be ${range} ${spec.positive ? 'of ' : ''}${spec.unit} (${got(raw)}); ${advice}`);
    return fallback;
  }
  return raw;
}
