/**
 * Builds the manifest the updater verifies (docs/SPEC.md §12): manifest_version 2 bound to
 * owner/repo, tag, commit and a counter, every file with size, SHA-256 and CRC-32, then signed
 * with Ed25519 over core's signed payload. Written with sorted keys and indent 2, as the
 * predecessor's manifest_gen wrote it (the updater reads any JSON layout).
 */
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { compareCodePoints } from '../../core/manifest/canonical.ts';
import { keyIdOf } from '../../core/manifest/ed25519-key.ts';
import { signedPayload } from '../../core/manifest/ed25519-payload.ts';
import { rawPublicKey } from './keygen.ts';

export interface ManifestFields {
  owner: string;
  repo: string;
  tag: string;
  commit: string;
  counter: number;
  generatedAt: string;
  files: Map<string, Uint8Array>;
}

export function buildSignedManifest(f: ManifestFields, key: KeyObject | null): Record<string, unknown> {
  const paths = [...f.files.keys()].sort(compareCodePoints);
  const manifest: Record<string, unknown> = {
    manifest_version: 2,
    owner: f.owner,
    repo: f.repo,
    version: f.tag,
    commit: f.commit,
    counter: f.counter,
    generated_at: f.generatedAt,
    files: paths.map((path) => {
      const b = f.files.get(path)!;
      return { path, size: b.length, sha256: createHash('sha256').update(b).digest('hex'), crc32: crc32(b) >>> 0 };
    }),
  };
  if (key !== null) {
    manifest.ed25519 = { key_id: keyIdOf(rawPublicKey(key)), sig: sign(null, signedPayload(manifest), key).toString('hex') };
  }
  return manifest;
}

export function readSigningKey(pem: string, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${file}: not a PEM private key; make one with \`npx otalab keygen\``);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: a ${key.asymmetricKeyType} key, not Ed25519; make one with \`npx otalab keygen\``);
  return key;
}

/** Sorted keys, indent 2, trailing newline. */
export function manifestText(manifest: Record<string, unknown>): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort(compareCodePoints).map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
    return v;
  };
  return `${JSON.stringify(sortKeys(manifest), null, 2)}\n`;
}
