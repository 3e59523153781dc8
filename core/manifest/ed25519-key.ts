/**
 * Ed25519 public keys as ota_config.json names them: 32 raw bytes written as 64 hex digits or
 * 44 base64 characters, identified by a key id = the first 8 bytes of SHA-256(raw key), hex
 * (docs/SPEC.md §12.2). node:crypto does the curve work; raw keys go in and out through JWK.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

export const KEY_ID_HEX = 16;

export function keyIdOf(raw: Uint8Array): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, KEY_ID_HEX);
}

/** The raw 32 bytes of a key written in hex or base64, or why it is not one. */
export function parsePublicKey(text: string): Uint8Array | string {
  const t = text.trim();
  let raw: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(t)) raw = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(t)) raw = Buffer.from(t, 'base64');
  else return 'is not an Ed25519 public key (64 hex digits or 44 base64 characters)';
  if (raw.length !== 32) return 'is not 32 bytes';
  return new Uint8Array(raw);
}

export function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** False for a malformed key or signature as well as a wrong one (the caller words the refusal). */
export function ed25519Verifies(raw: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (raw.length !== 32 || signature.length !== 64) return false;
  try {
    return verify(null, message, publicKeyObject(raw), signature);
  } catch {
    return false;
  }
}
