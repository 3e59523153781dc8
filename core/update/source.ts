/**
 * Where the target's file list comes from: the release's `manifest.json` (SHA-256 per file, signed
 * when `manifest_key` is set) or the recursive Git tree (blob SHA-1 per file). With a key
 * configured a release without a manifest is refused — never a silent downgrade to unsigned tree
 * mode, which the predecessor allowed.
 */
import type { Config } from '../config/types.ts';
import { OtaError } from '../errors.ts';
import type { GitHubClient, Target } from '../github/index.ts';
import { parseManifest } from '../manifest/index.ts';
import { isPermitted, isReserved } from '../paths/index.ts';
import type { TargetFile } from '../plan.ts';
import type { Log } from '../ports/index.ts';

export interface SourceFile extends TargetFile {
  url: string;
  /** Git blob SHA-1 when known (tree mode): verified while streaming. */
  sha1?: string;
  sha256?: string;
}

export interface TargetSource {
  mode: 'manifest' | 'tree';
  /** The ref recorded in version.json (the manifest's version, else the branch or tag). */
  ref: string;
  files: Map<string, SourceFile>;
  /** Explicit deletes named by a manifest (tree mode derives deletes from the managed set). */
  deletes: string[];
  /** A signed manifest's anti-rollback counter (trusted_keys set), else absent. */
  counter?: number;
}

/** `trusted_keys` as the verifier wants them: id → raw key bytes. */
function trustedKeyMap(config: Config): Map<string, Uint8Array> {
  return new Map(Object.entries(config.trusted_keys).map(([id, hex]) => [id, new Uint8Array(Buffer.from(hex, 'hex'))]));
}

export function managedBy(config: Config): (path: string) => boolean {
  const dirs = { stage_dir: config.stage_dir, backup_dir: config.backup_dir };
  return (path) => isPermitted(path, config.allow, config.ignore) && !isReserved(path, dirs);
}

export async function targetSource(client: GitHubClient, target: Target, config: Config, log: Log): Promise<TargetSource> {
  const managed = managedBy(config);
  const manifestText = target.release ? await client.fetchManifest(target.release) : null;
  if (manifestText === null && config.manifest_key !== null) {
    throw new OtaError(
      'SIGNATURE_INVALID',
      `manifest_key is set but ${target.ref} has no manifest.json asset; refusing an unsigned update (publish a signed manifest, or remove manifest_key)`,
    );
  }
  if (manifestText === null && Object.keys(config.trusted_keys).length > 0) {
    throw new OtaError('SIGNATURE_INVALID', `trusted_keys is set but ${target.ref} has no manifest.json asset; refusing an unsigned update (publish a signed manifest: docs/signing.md)`);
  }
  if (manifestText !== null) {
    const signing = { trustedKeys: trustedKeyMap(config), owner: config.owner, repo: config.repo, ref: target.ref };
    const manifest = parseManifest(manifestText, { commit: target.commit, manifestKey: config.manifest_key, stageDir: config.stage_dir, backupDir: config.backup_dir, log, signing });
    const files = new Map<string, SourceFile>();
    for (const f of manifest.files) {
      if (!managed(f.path)) continue;
      files.set(f.path, { sha: f.sha256, sha256: f.sha256, size: f.size, url: client.rawFileUrl(target.commit, f.path) });
    }
    return { mode: 'manifest', ref: manifest.version ?? target.ref, files, deletes: manifest.deletes.filter(managed), ...(manifest.counter !== undefined ? { counter: manifest.counter } : {}) };
  }
  const files = new Map<string, SourceFile>();
  for (const e of await client.fetchTree(target.commit)) {
    if (!managed(e.path)) {
      log.log('debug', 'tree.skip', { path: e.path, why: 'not managed (allow/ignore or reserved)' });
      continue;
    }
    if (e.kind !== undefined) {
      // Skipping it would install a version without files the app may need: loud, not partial.
      throw new OtaError(
        'PATH_REJECTED',
        `tree entry ${JSON.stringify(e.path)} is a ${e.kind} (mode ${e.kind === 'symlink' ? '120000' : '160000'}), which a board cannot hold; refusing the update — add it to \`ignore\` in ota_config.json, or commit the files themselves`,
        { path: e.path },
      );
    }
    files.set(e.path, { sha: e.sha, sha1: e.sha, size: e.size, url: client.rawFileUrl(target.commit, e.path) });
  }
  return { mode: 'tree', ref: target.ref, files, deletes: [] };
}
