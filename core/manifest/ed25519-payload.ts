/**
 * What an Ed25519 manifest signature covers (docs/SPEC.md §12.3), byte for byte: the ASCII line
 * `otalab-manifest-ed25519-v1` and a newline, then Python's canonical JSON (canonical.ts) of the
 * manifest object without its `ed25519` and `signature` keys. The manifest names owner, repo,
 * tag (`version`), commit, `counter` and every file's SHA-256, so the signature binds all of them.
 */
import { pythonCanonicalJson } from './canonical.ts';

export const ED25519_DOMAIN = 'otalab-manifest-ed25519-v1\n';
/** Keys left out of the signed text: the signature itself and the predecessor's HMAC. */
export const UNSIGNED_KEYS: readonly string[] = ['ed25519', 'signature'];

export function signedPayload(manifest: Record<string, unknown>): Uint8Array {
  const body: Record<string, unknown> = {};
  for (const k of Object.keys(manifest)) {
    if (!UNSIGNED_KEYS.includes(k)) Object.defineProperty(body, k, { value: manifest[k], enumerable: true, writable: true, configurable: true });
  }
  // ensure_ascii output is ASCII, so UTF-8 = the text's code units.
  return new TextEncoder().encode(ED25519_DOMAIN + pythonCanonicalJson(body));
}
