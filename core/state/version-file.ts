/**
 * version.json: what is installed. The first two keys keep the predecessor's exact bytes
 * (`{"ref": "X", "commit": "Y"}`, Python default separators); `files` (the managed set we
 * installed: path → blob SHA) and `rejected` (commits that failed their trial) are optional
 * additions after them, which a predecessor reader ignores. See docs/SPEC.md.
 */
import type { VersionRef } from '../outcome.ts';
import { isRecord, readJson, writeFileAtomic } from '../fsx/index.ts';
import type { Flash } from '../ports/flash.ts';
import { pyJsonDumps, sortedMap } from './python-json.ts';

export const VERSION_PATH = 'version.json';
/** How many rejected commits version.json remembers. */
export const REJECTED_LIMIT = 5;

export interface VersionJson extends VersionRef {
  files?: Readonly<Record<string, string>>;
  rejected?: readonly string[];
}

/** `version` is null when the file is missing, unreadable or in the old `{"version": n}` format; `reason` says which. */
export interface VersionRead {
  version: VersionJson | null;
  reason: string | null;
  /** The original upstream's `{"version": <int>}`: nothing we can compare with, so any target differs. */
  legacyVersion?: number;
}

export async function readVersion(flash: Flash): Promise<VersionRead> {
  const read = await readJson(flash, VERSION_PATH);
  if (read.kind === 'missing') return { version: null, reason: 'missing' };
  if (read.kind === 'invalid') return { version: null, reason: `${VERSION_PATH} ${read.reason}` };
  return parseVersion(read.value);
}

export function parseVersion(value: unknown): VersionRead {
  if (!isRecord(value)) return { version: null, reason: `${VERSION_PATH} is not an object` };
  const { ref, commit, files, rejected } = value;
  if (typeof ref !== 'string' || typeof commit !== 'string') {
    if (typeof value.version === 'number') return { version: null, reason: 'legacy {"version": n} format', legacyVersion: value.version };
    return { version: null, reason: `${VERSION_PATH} lacks string "ref" and "commit"` };
  }
  const version: VersionJson = { ref, commit };
  // A malformed optional key is dropped, not fatal: without `files` the planner makes no deletes.
  if (isRecord(files) && Object.values(files).every((sha) => typeof sha === 'string')) {
    version.files = Object.fromEntries(Object.entries(files as Record<string, string>));
  }
  if (Array.isArray(rejected)) {
    const commits = rejected.filter((c): c is string => typeof c === 'string');
    if (commits.length > 0) version.rejected = commits.slice(-REJECTED_LIMIT);
  }
  return { version, reason: null };
}

export function serializeVersion(v: VersionJson): string {
  return pyJsonDumps({
    ref: v.ref,
    commit: v.commit,
    files: v.files === undefined ? undefined : sortedMap(v.files),
    rejected: v.rejected === undefined || v.rejected.length === 0 ? undefined : v.rejected.slice(-REJECTED_LIMIT),
  });
}

const utf8 = new TextEncoder();

/**
 * Writes version.json atomically unless the file already holds exactly these bytes (then it
 * returns false and the flash is not touched: identical state costs no wear).
 */
export async function writeVersion(flash: Flash, v: VersionJson, beforeRename?: () => Promise<void>): Promise<boolean> {
  const bytes = utf8.encode(serializeVersion(v));
  const st = await flash.stat(VERSION_PATH);
  if (st?.kind === 'file' && st.size === bytes.length && sameBytes(await flash.readFile(VERSION_PATH), bytes)) return false;
  await writeFileAtomic(flash, VERSION_PATH, bytes, beforeRename);
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `rejected` with `commit` appended last (moved there if present), the oldest dropped past the limit. */
export function withRejected(rejected: readonly string[] | undefined, commit: string): string[] {
  return [...(rejected ?? []).filter((c) => c !== commit), commit].slice(-REJECTED_LIMIT);
}

/** The predecessor's `_format_version`: "v1.0 #abcdef1", "v1.0", "#abcdef1" or "". */
export function formatVersion(v: { ref?: string | null; commit?: string | null } | null | undefined): string {
  const ref = v?.ref ?? '';
  const short = (v?.commit ?? '').slice(0, 7);
  if (ref !== '' && short !== '') return `${ref} #${short}`;
  if (ref !== '') return ref;
  return short === '' ? '' : `#${short}`;
}
