/**
 * From the downloaded text to a manifest the updater may act on. Order matters: parse (keeping
 * Python's number kinds, so the signature is checked over exactly what was signed), verify the
 * signature when a key is configured (authenticity before anything else is believed), bind the
 * manifest to the resolved commit, then validate the schema and every path.
 *
 * `post_update` is never imported or run (the predecessor imported any module a manifest named):
 * it is reported with a warning.
 */
import { OtaError } from '../errors.ts';
import type { Log } from '../ports/index.ts';
import { JsonSyntaxError, parsePythonJson } from './parse-json.ts';
import { signatureMatches } from './signature.ts';
import { verifyEd25519Manifest, type SignedBinding } from './ed25519-verify.ts';
import type { Manifest } from './types.ts';
import { validateManifest } from './validate.ts';

export interface ManifestContext {
  /** The commit the release's tag resolved to. */
  commit: string;
  manifestKey: string | null;
  stageDir: string;
  backupDir: string;
  log: Log;
  /** `trusted_keys` and the release to bind to: with keys, only an Ed25519-signed manifest passes (§12). */
  signing?: SignedBinding | null;
}

function ed25519Required(ctx: ManifestContext): boolean {
  return ctx.signing !== undefined && ctx.signing !== null && ctx.signing.trustedKeys.size > 0;
}

export function parseManifest(text: string, ctx: ManifestContext): Manifest {
  let value: unknown;
  try {
    value = parsePythonJson(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new OtaError('MANIFEST_INVALID', `manifest.json is not valid JSON: ${err.message}`);
    throw err;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OtaError('MANIFEST_INVALID', 'manifest.json: must be a JSON object');
  const obj = value as Record<string, unknown>;
  const hmacKeyed = ctx.manifestKey !== null && ctx.manifestKey !== '';
  const ed = ed25519Required(ctx);
  const keyed = hmacKeyed || ed;
  const keyId = ed ? verifyEd25519Manifest(obj, ctx.signing!) : null;
  if (hmacKeyed) verifySignature(obj, ctx.manifestKey!);
  const manifest = validateManifest(obj, { stage_dir: ctx.stageDir, backup_dir: ctx.backupDir });
  if (keyed && manifest.commit === null) {
    // A format-1 manifest names no commit, so its signature holds for any release: an old signed
    // manifest served with a newer release (or an older one) would pass. Only a bound one is trusted.
    throw new OtaError(
      'SIGNATURE_INVALID',
      'manifest.json is signed but names no commit (manifest_version 1), so it could be replayed onto another release; publish manifest_version 2 with `commit` and sign it again',
    );
  }
  if (manifest.commit !== null && manifest.commit !== ctx.commit) {
    // A validly signed manifest of another commit is a replay (or a release re-pointed at a new tag).
    throw new OtaError(
      keyed ? 'SIGNATURE_INVALID' : 'MANIFEST_INVALID',
      `manifest.json describes commit ${manifest.commit.slice(0, 7)} but the release resolves to ${ctx.commit.slice(0, 7)}; refusing a stale or replayed manifest`,
      { manifestCommit: manifest.commit, commit: ctx.commit },
    );
  }
  if (typeof obj.post_update === 'string') {
    ctx.log.log('warn', 'manifest.post_update_ignored', { hook: obj.post_update, why: 'otalab never runs code a manifest names' });
  }
  return { ...manifest, signed: keyed, ...(keyId !== null ? { keyId, counter: obj.counter as number } : {}) };
}

/**
 * The policy around a release's manifest: none and no key → null (the caller uses the tree); none
 * but a key configured → SIGNATURE_INVALID, never a silent downgrade to unsigned tree mode (the
 * predecessor's bypass-by-omission, §8.4).
 */
export function loadManifest(text: string | null, ctx: ManifestContext & { ref: string }): Manifest | null {
  if (text !== null) return parseManifest(text, ctx);
  if (ed25519Required(ctx)) throw new OtaError('SIGNATURE_INVALID', `trusted_keys is set but ${ctx.ref} has no manifest.json asset; refusing an unsigned update (publish a signed manifest: docs/signing.md)`);
  if (ctx.manifestKey === null || ctx.manifestKey === '') return null;
  throw new OtaError(
    'SIGNATURE_INVALID',
    `manifest_key is set but ${ctx.ref} has no manifest.json asset; refusing an unsigned update (publish a signed manifest, or remove manifest_key)`,
  );
}

function verifySignature(obj: Record<string, unknown>, key: string): void {
  const sig = obj.signature;
  if (sig === undefined || sig === null) throw new OtaError('SIGNATURE_INVALID', 'manifest missing signature (manifest_key is set: sign the manifest with the same key)');
  if (typeof sig !== 'string' || !signatureMatches(obj, key, sig)) {
    throw new OtaError('SIGNATURE_INVALID', 'manifest signature mismatch (wrong manifest_key, or the manifest was altered after signing)');
  }
}
