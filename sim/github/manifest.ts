/**
 * The `manifest.json` release asset, generated the way the predecessor's manifest_gen does
 * (predecessor-behaviour.md §2.2) plus otalab's `manifest_version` and `commit`. A scenario's
 * `manifestPatch` is merged after generation and before signing, so a hostile manifest can still
 * carry a valid signature: the updater must catch it by other checks. A patch that sets
 * `signature` itself is kept as is (that is how a scenario ships a bad signature).
 *
 * Signing uses the lab's own canonical JSON (canonical-json.ts), never core's: the updater under
 * test must verify what an independent signer wrote.
 */
import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { canonicalJson, sortByCodePoint, sortedKeys } from './canonical-json.ts';

export interface ManifestInput {
  tag: string;
  commitSha: string;
  files: Map<string, Uint8Array>;
  /** Files of the previous non-draft release's commit (for `deletes`); undefined for the first. */
  previousFiles?: Map<string, Uint8Array>;
  /** ISO-8601 UTC, second precision, e.g. "2024-05-01T12:00:00Z". */
  generatedAt: string;
  patch?: Record<string, unknown>;
  key?: string;
}

export interface ManifestFileEntry {
  path: string;
  size: number;
  sha256: string;
  crc32: number;
}

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const paths = sortByCodePoint(input.files.keys());
  const files: ManifestFileEntry[] = paths.map((path) => {
    const bytes = input.files.get(path)!;
    return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), crc32: crc32(bytes) >>> 0 };
  });
  const manifest: Record<string, unknown> = {
    manifest_version: 2,
    version: input.tag,
    commit: input.commitSha,
    generated_at: input.generatedAt,
    files,
  };
  const deletes = sortByCodePoint([...(input.previousFiles?.keys() ?? [])].filter((p) => !input.files.has(p)));
  if (deletes.length > 0) manifest.deletes = deletes;
  Object.assign(manifest, input.patch ?? {});
  if (input.key !== undefined && !(input.patch && 'signature' in input.patch)) {
    manifest.signature = signManifest(manifest, input.key);
  }
  return manifest;
}

/** HMAC-SHA256 (UTF-8 key, lowercase hex) over Python's canonical JSON of the manifest minus `signature`. */
export function signManifest(manifest: Record<string, unknown>, key: string): string {
  const { signature: _ignored, ...unsigned } = manifest;
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(canonicalJson(unsigned), 'utf8').digest('hex');
}

/** As manifest_gen writes it: keys sorted, indent 2. */
export function manifestBytes(manifest: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(sortKeys(manifest), null, 2));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(sortedKeys(obj).map((k) => [k, sortKeys(obj[k])]));
  }
  return value;
}
