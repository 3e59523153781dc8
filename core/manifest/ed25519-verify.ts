/**
 * Checks a manifest's Ed25519 signature against ota_config.json's `trusted_keys` and binds it to
 * the release it came with (docs/SPEC.md §12). Every refusal is SIGNATURE_INVALID with a message
 * that says what to do. Several trusted keys allow rotation: sign with the new key once every
 * board trusts it, then drop the old one.
 */
import { OtaError } from '../errors.ts';
import { ed25519Verifies } from './ed25519-key.ts';
import { signedPayload } from './ed25519-payload.ts';

export interface SignedBinding {
  /** key id → raw 32-byte public key. */
  trustedKeys: ReadonlyMap<string, Uint8Array>;
  owner: string;
  repo: string;
  /** The tag the release was found under. */
  ref: string;
}

const bad = (message: string) => new OtaError('SIGNATURE_INVALID', message);

/** Returns the verifying key id; throws SIGNATURE_INVALID otherwise. */
export function verifyEd25519Manifest(obj: Record<string, unknown>, b: SignedBinding): string {
  const sig = obj.ed25519;
  if (sig === undefined || sig === null) {
    throw bad('manifest.json has no Ed25519 signature but trusted_keys is set; sign it with `npx otalab manifest <dir> --sign key.pem` (docs/signing.md)');
  }
  const rec = typeof sig === 'object' && !Array.isArray(sig) ? (sig as Record<string, unknown>) : {};
  const keyId = rec.key_id;
  const hex = rec.sig;
  if (typeof keyId !== 'string' || typeof hex !== 'string' || !/^[0-9a-f]{128}$/.test(hex)) {
    throw bad('manifest.json: ed25519 must be {"key_id": "<16 hex>", "sig": "<128 hex>"}');
  }
  const key = b.trustedKeys.get(keyId);
  if (key === undefined) {
    throw bad(`manifest.json is signed by key ${JSON.stringify(keyId)}, which is not in trusted_keys (${[...b.trustedKeys.keys()].sort().join(', ')}); add its line to trusted_keys, or sign with a trusted key`);
  }
  if (!ed25519Verifies(key, signedPayload(obj), Buffer.from(hex, 'hex'))) {
    throw bad(`manifest.json: the Ed25519 signature by key ${keyId} does not verify (the manifest was altered after signing, or signed by another key with the same id)`);
  }
  const owner = obj.owner;
  const repo = obj.repo;
  if (typeof owner !== 'string' || typeof repo !== 'string' || owner.toLowerCase() !== b.owner.toLowerCase() || repo.toLowerCase() !== b.repo.toLowerCase()) {
    throw bad(`manifest.json is signed for ${String(owner)}/${String(repo)}, not ${b.owner}/${b.repo}; refusing a manifest replayed from another repository`);
  }
  if (obj.version !== b.ref) {
    throw bad(`manifest.json is signed for tag ${JSON.stringify(obj.version ?? null)} but came with ${b.ref}; refusing a manifest replayed from another release`);
  }
  const counter = obj.counter;
  if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) {
    throw bad('manifest.json: a signed manifest needs "counter", a non-negative integer (the anti-rollback counter: raise it with every release)');
  }
  return keyId;
}
