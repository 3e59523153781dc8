/**
 * The manifest schema, checked field by field with messages that name the field
 * (`files[3].sha256 must be 64 lowercase hex`). Paths go through the same gate as tree entries;
 * a bad or reserved path refuses the whole update (test_path_sanity), it is never skipped.
 */
import { OtaError } from '../errors.ts';
import { checkRepoPath, isReserved, type UpdaterDirs } from '../paths/index.ts';
import type { Manifest, ManifestFile } from './types.ts';

const SHA256 = /^[0-9a-f]{64}$/;
const SHA1 = /^[0-9a-f]{40}$/;

type Obj = Record<string, unknown>;

function invalid(message: string): OtaError {
  return new OtaError('MANIFEST_INVALID', `manifest.json: ${message}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function optString(o: Obj, key: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalid(`${key} must be a string`);
  return v;
}

function isCount(v: unknown, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
}

function checkPath(path: unknown, field: string, dirs: UpdaterDirs): string {
  if (typeof path !== 'string') throw invalid(`${field} must be a string`);
  const why = checkRepoPath(path);
  if (why !== null) throw new OtaError('PATH_REJECTED', `manifest.json: ${field} ${JSON.stringify(path)} ${why}; refusing the whole update`, { path });
  if (isReserved(path, dirs)) throw new OtaError('PATH_REJECTED', `manifest.json: ${field} ${JSON.stringify(path)} is reserved for the updater; refusing the whole update`, { path });
  return path;
}

function manifestVersion(o: Obj): 1 | 2 {
  const v = o.manifest_version;
  if (v === undefined) return 1;
  if (v === 1 || v === 2) return v;
  throw invalid(`manifest_version must be 1 or 2 (got ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}); this updater may be too old for the manifest`);
}

function file(v: unknown, i: number, dirs: UpdaterDirs): ManifestFile {
  const at = `files[${i}]`;
  if (!isObj(v)) throw invalid(`${at} must be an object`);
  const path = checkPath(v.path, `${at}.path`, dirs);
  if (!isCount(v.size)) throw invalid(`${at}.size must be a non-negative integer`);
  if (typeof v.sha256 !== 'string' || !SHA256.test(v.sha256)) throw invalid(`${at}.sha256 must be 64 lowercase hex`);
  if (v.crc32 !== undefined && v.crc32 !== null && !isCount(v.crc32, 0xffffffff)) throw invalid(`${at}.crc32 must be an unsigned 32-bit integer`);
  return { path, size: v.size, sha256: v.sha256, crc32: isCount(v.crc32) ? v.crc32 : null };
}

/** Validates a parsed manifest object. `signed` is filled in by the caller. */
export function validateManifest(value: unknown, dirs: UpdaterDirs): Omit<Manifest, 'signed'> {
  if (!isObj(value)) throw invalid('must be a JSON object');
  const version = manifestVersion(value);
  const commit = optString(value, 'commit');
  if (commit !== null && !SHA1.test(commit)) throw invalid('commit must be 40 lowercase hex');
  if (version === 2 && commit === null) throw invalid('commit is required in manifest_version 2');
  if (!Array.isArray(value.files)) throw invalid('files must be an array');
  const files = value.files.map((f, i) => file(f, i, dirs));
  const seen = new Map<string, number>();
  files.forEach((f, i) => {
    const first = seen.get(f.path);
    if (first !== undefined) throw invalid(`files[${i}].path ${JSON.stringify(f.path)} repeats files[${first}]`);
    seen.set(f.path, i);
  });
  const rawDeletes = value.deletes ?? [];
  if (!Array.isArray(rawDeletes)) throw invalid('deletes must be an array');
  const deletes = rawDeletes.map((d, i) => checkPath(d, `deletes[${i}]`, dirs));
  deletes.forEach((d, i) => {
    if (seen.has(d)) throw invalid(`deletes[${i}] ${JSON.stringify(d)} is also in files[${seen.get(d)}]`);
  });
  return { manifestVersion: version, version: optString(value, 'version'), commit, generatedAt: optString(value, 'generated_at'), files, deletes };
}
