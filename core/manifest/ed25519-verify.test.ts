// Ed25519 manifests: node:crypto against RFC 8032, then each refusal of verifyEd25519Manifest and
// parseManifest with trusted keys (one signature check per way a signed manifest can be misused).
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isOtaError, type OtaError } from '../errors.ts';
import { ed25519Verifies, keyIdOf, parsePublicKey } from './ed25519-key.ts';
import { signedPayload } from './ed25519-payload.ts';
import { verifyEd25519Manifest } from './ed25519-verify.ts';
import { parseManifest } from './parse-manifest.ts';
import { RFC8032 } from './rfc8032-vectors.ts';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

function raw(pub: KeyObject): Uint8Array {
  return new Uint8Array(Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url'));
}

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const PUB = raw(publicKey);
const ID = keyIdOf(PUB);
const C1 = '1'.repeat(40);

function signed(over: Record<string, unknown> = {}, key = privateKey, id = ID): Record<string, unknown> {
  const m: Record<string, unknown> = {
    manifest_version: 2, owner: 'acme', repo: 'widget', version: 'v2.0.0', commit: C1, counter: 3,
    files: [{ path: 'main.py', size: 3, sha256: 'a'.repeat(64) }], ...over,
  };
  for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k];
  m.ed25519 = { key_id: id, sig: sign(null, signedPayload(m), key).toString('hex') };
  return m;
}

const binding = { trustedKeys: new Map([[ID, PUB]]), owner: 'acme', repo: 'widget', ref: 'v2.0.0' };

function refusal(m: Record<string, unknown>, b = binding): OtaError {
  try {
    verifyEd25519Manifest(m, b);
  } catch (err) {
    if (isOtaError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('ed25519 keys', () => {
  it.each(RFC8032)('verifies RFC 8032 vector %s, and refuses it with the message changed', (pub, msg, sig) => {
    expect(ed25519Verifies(hex(pub), hex(msg), hex(sig))).toBe(true);
    expect(ed25519Verifies(hex(pub), new Uint8Array([...hex(msg), 0]), hex(sig))).toBe(false);
  });

  it('reads hex and base64 keys, and names the bad ones', () => {
    const h = Buffer.from(PUB).toString('hex');
    expect(parsePublicKey(h)).toEqual(PUB);
    expect(parsePublicKey(Buffer.from(PUB).toString('base64'))).toEqual(PUB);
    expect(parsePublicKey(h.slice(2))).toMatch(/not an Ed25519 public key/);
    expect(keyIdOf(PUB)).toBe(createHash('sha256').update(PUB).digest('hex').slice(0, 16));
  });
});

describe('verifyEd25519Manifest', () => {
  it('accepts a manifest signed by a trusted key, bound to this repo and tag', () => {
    expect(verifyEd25519Manifest(signed(), binding)).toBe(ID);
    expect(verifyEd25519Manifest(signed({ owner: 'ACME' }), binding)).toBe(ID);
  });

  it.each([
    ['unsigned', () => { const m = signed(); delete m.ed25519; return m; }, /has no Ed25519 signature but trusted_keys is set/],
    ['a malformed signature', () => ({ ...signed(), ed25519: { key_id: ID, sig: 'zz' } }), /ed25519 must be/],
    ['an unknown key', () => signed({}, other.privateKey, keyIdOf(raw(other.publicKey))), /which is not in trusted_keys/],
    ['a key claiming a trusted id', () => signed({}, other.privateKey, ID), /does not verify/],
    ['a file hash changed after signing', () => ({ ...signed(), files: [{ path: 'main.py', size: 3, sha256: 'b'.repeat(64) }] }), /does not verify/],
    ['a counter changed after signing', () => ({ ...signed(), counter: 9 }), /does not verify/],
    ['another repository', () => signed({ repo: 'gadget' }), /signed for acme\/gadget, not acme\/widget/],
    ['another release', () => signed({ version: 'v1.0.0' }), /signed for tag "v1.0.0" but came with v2.0.0/],
    ['no counter', () => signed({ counter: undefined }), /needs "counter"/],
  ])('refuses %s', (_name, make, message) => {
    const err = refusal(make());
    expect(err.code).toBe('SIGNATURE_INVALID');
    expect(err.message).toMatch(message);
  });
});

describe('parseManifest with trusted keys', () => {
  const ctx = { commit: C1, manifestKey: null, stageDir: '.ota_stage', backupDir: '.ota_backup', log: { log: () => {} }, signing: binding };

  it('returns the counter and key id of a verified manifest', () => {
    const m = parseManifest(JSON.stringify(signed()), ctx);
    expect({ signed: m.signed, keyId: m.keyId, counter: m.counter }).toEqual({ signed: true, keyId: ID, counter: 3 });
  });

  it('refuses a signed manifest of another commit, and ignores signatures without trusted keys', () => {
    expect(() => parseManifest(JSON.stringify(signed({ commit: '2'.repeat(40) })), ctx)).toThrow(/describes commit 2222222/);
    const m = parseManifest(JSON.stringify(signed()), { ...ctx, signing: null });
    expect(m.counter).toBeUndefined();
  });
});
