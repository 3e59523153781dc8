/**
 * Ed25519 test keys for the fake GitHub, derived deterministically from a seed string (a scenario's
 * `sign: {seed}`): private seed = SHA-256("otalab-lab-key:" + seed). For the lab only: a real key
 * comes from `npx otalab keygen`. The key id is computed here, apart from core's (docs/SPEC.md §12.2).
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

export interface LabKey {
  privateKey: KeyObject;
  /** 64 lowercase hex: the line a device's trusted_keys holds. */
  publicHex: string;
  keyId: string;
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function labKey(seed: string): LabKey {
  const raw = createHash('sha256').update(`otalab-lab-key:${seed}`, 'utf8').digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const pub = Buffer.from(jwk.x!, 'base64url');
  return { privateKey, publicHex: pub.toString('hex'), keyId: createHash('sha256').update(pub).digest('hex').slice(0, 16) };
}

export function labSign(key: LabKey, message: Uint8Array): string {
  return sign(null, message, key.privateKey).toString('hex');
}
