/**
 * Reads one key of the raw document at a time, recording a problem instead of throwing, so every
 * mistake in a file is reported at once. A reader returns the default when the key is absent,
 * null, or wrong (the value is then irrelevant: validation fails as a whole).
 */
import type { ConfigProblem } from './config-error.ts';
import { describeType, describeValue } from './describe-value.ts';

export class ConfigReader {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: string[] = [];
  private readonly failed = new Set<string>();

  constructor(readonly raw: Readonly<Record<string, unknown>>) {}

  /** The raw value; undefined when absent. Own properties only, so "constructor" reads nothing. */
  get(key: string): unknown {
    return Object.hasOwn(this.raw, key) ? this.raw[key] : undefined;
  }

  /** Absent or null: the key takes its default. */
  isUnset(key: string): boolean {
    const value = this.get(key);
    return value === undefined || value === null;
  }

  fail(key: string, message: string): void {
    this.failed.add(key);
    this.problems.push({ key, message });
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** True when none of `keys` had a problem: cross-key checks only make sense on good values. */
  ok(...keys: string[]): boolean {
    return keys.every((k) => !this.failed.has(k));
  }
}

/** The "(got …)" part of a message; a secret's content is never shown. */
export function got(value: unknown, secret = false): string {
  return `got ${secret ? describeType(value) : describeValue(value)}`;
}

/** "from 1 to 20", "at least 1", "at most 9". */
export function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}
