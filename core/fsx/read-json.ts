/**
 * Reads a JSON state file without throwing for the expected bad cases: a missing file, bytes that
 * are not UTF-8, text that is not JSON. Each yields a value with a reason, so a caller can fall
 * back and record why (a broken state file must never stop a boot).
 */
import type { Flash } from '../ports/flash.ts';

export type JsonRead =
  | { kind: 'ok'; value: unknown; bytes: Uint8Array }
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string; bytes: Uint8Array };

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function readJson(flash: Flash, path: string): Promise<JsonRead> {
  const st = await flash.stat(path);
  if (st === null) return { kind: 'missing' };
  if (st.kind !== 'file') return { kind: 'invalid', reason: 'is a directory', bytes: new Uint8Array(0) };
  const bytes = await flash.readFile(path);
  return parseJsonBytes(bytes);
}

export function parseJsonBytes(bytes: Uint8Array): JsonRead {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { kind: 'invalid', reason: 'is not UTF-8', bytes };
  }
  if (text.trim() === '') return { kind: 'invalid', reason: 'is empty', bytes };
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown, bytes };
  } catch (err) {
    return { kind: 'invalid', reason: `is not JSON (${(err as Error).message})`, bytes };
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
