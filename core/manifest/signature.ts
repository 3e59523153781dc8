/**
 * The predecessor's manifest signature (§2.2): HMAC-SHA256, keyed with `manifest_key` (UTF-8),
 * over Python's canonical JSON of the manifest object minus `signature`, lowercase hex. A shared
 * fleet secret is weak, but it is what deployed manifests carry; this port at least refuses to
 * run without it once a key is configured, and binds the commit (see parse-manifest.ts).
 */
import { constantTimeEqual, hmacSha256Hex, pythonCanonicalJson } from './canonical.ts';

/** The signature a manifest object should carry (its own `signature` key is left out). */
export function manifestSignature(manifest: Record<string, unknown>, key: string): string {
  const unsigned: Record<string, unknown> = {};
  for (const k of Object.keys(manifest)) {
    if (k !== 'signature') Object.defineProperty(unsigned, k, { value: manifest[k], enumerable: true, writable: true, configurable: true });
  }
  return hmacSha256Hex(key, pythonCanonicalJson(unsigned));
}

export function signatureMatches(manifest: Record<string, unknown>, key: string, signature: string): boolean {
  return constantTimeEqual(manifestSignature(manifest, key), signature);
}
