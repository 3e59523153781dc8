/**
 * Checks on GitHub's JSON. A response of the wrong shape is BAD_RESPONSE naming the field, so a
 * proxy's or a test server's mistake reads as what it is instead of a TypeError deep inside.
 */
import { OtaError } from '../errors.ts';

export type Json = Record<string, unknown>;

const SHA1 = /^[0-9a-f]{40}$/;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(what: string, field: string, want: string): OtaError {
  return new OtaError('BAD_RESPONSE', `unexpected JSON from GitHub (${what}): ${field} must be ${want}`);
}

export function obj(v: unknown, what: string, field: string): Json {
  if (!isObject(v)) throw bad(what, field, 'an object');
  return v;
}

export function str(o: Json, key: string, what: string, field = key): string {
  const v = o[key];
  if (typeof v !== 'string') throw bad(what, field, 'a string');
  return v;
}

export function sha(o: Json, key: string, what: string, field = key): string {
  const v = str(o, key, what, field);
  if (!SHA1.test(v)) throw bad(what, field, 'a 40-hex SHA-1');
  return v;
}

export function count(o: Json, key: string, what: string, field = key): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad(what, field, 'a non-negative integer');
  return v;
}

export function list(o: Json, key: string, what: string, field = key): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw bad(what, field, 'an array');
  return v;
}
