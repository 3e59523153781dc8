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
import { labKey, labSign } from './lab-keys.ts';

/** A release signed with Ed25519 (docs/SPEC.md §12): the lab key of `seed`, the manifest's anti-rollback `counter`. */
export interface ManifestSigning {
  seed: string;
  counter: number;
  /** The repository the manifest says it is for (default: its own): a signature from another repo. */
  owner?: string;
  repo?: string;
}

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
  /** Ed25519: the repository's owner/name as the signer names them, and the key. */
  sign?: ManifestSigning & { ownRepo: { owner: string; repo: string } };
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
  if (input.sign !== undefined) {
    manifest.owner = input.sign.owner ?? input.sign.ownRepo.owner;
    manifest.repo = input.sign.repo ?? input.sign.ownRepo.repo;
    manifest.counter = input.sign.counter;
  }
  Object.assign(manifest, input.patch ?? {});
  if (input.sign !== undefined && !(input.patch && 'ed25519' in input.patch)) manifest.ed25519 = signEd25519(manifest, input.sign.seed);
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

/** `{key_id, sig}` over "otalab-manifest-ed25519-v1\n" + canonical JSON minus `ed25519` and `signature` (SPEC §12.3). */
export function signEd25519(manifest: Record<string, unknown>, seed: string): { key_id: string; sig: string } {
  const { ed25519: _e, signature: _s, ...body } = manifest;
  const key = labKey(seed);
  return { key_id: key.keyId, sig: labSign(key, new TextEncoder().encode(`otalab-manifest-ed25519-v1\n${canonicalJson(body)}`)) };
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
