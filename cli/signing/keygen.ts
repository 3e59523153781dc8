/**
 * `otalab keygen`: a new Ed25519 signing key. The private key goes to a PKCS#8 PEM file readable
 * by its owner only (0600) and is never printed; the public key is printed as the exact
 * `trusted_keys` line a board's ota_config.json needs, with its key id (docs/SPEC.md §12.2).
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf } from '../../core/manifest/ed25519-key.ts';

export const KEY_FILE = 'otalab-signing-key.pem';
export const PUB_FILE = 'otalab-signing-key.pub';

export interface NewKey {
  keyFile: string;
  keyId: string;
  publicHex: string;
}

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function generateSigningKey(outDir: string): NewKey {
  const keyFile = join(outDir, KEY_FILE);
  if (existsSync(keyFile)) throw new Error(`${keyFile}: already exists; refusing to overwrite a signing key (move it away, or pass --out <another dir>)`);
  mkdirSync(outDir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  // flag wx: never follow a file created meanwhile; mode 0600: the owner alone reads it.
  writeFileSync(keyFile, pem, { mode: 0o600, flag: 'wx' });
  const raw = rawPublicKey(publicKey);
  const publicHex = raw.toString('hex');
  writeFileSync(join(outDir, PUB_FILE), `${publicHex}\n`, { flag: 'w' });
  return { keyFile, keyId: keyIdOf(raw), publicHex };
}
