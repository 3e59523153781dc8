/**
 * The file list of a commit (`git/trees/{sha}?recursive=1`). All or nothing: a truncated tree
 * would look like "those files were deleted upstream", so it ends the update instead of
 * producing a partial one. Submodules and symlinks are not files the updater can install: they
 * are returned marked (`kind`), and refused inside the managed set (core/update/source.ts).
 */
import { OtaError } from '../errors.ts';
import type { Config } from '../config/types.ts';
import { checkRepoPath } from '../paths/index.ts';
import type { RepoApi } from './repo-api.ts';
import { count, isObject, list, obj, sha, str } from './shape.ts';
import { verifyTreeHashes, type RawTreeItem } from './tree-hash.ts';
import type { TreeEntry } from './types.ts';

/** Without `max_tree_size_kb`: GitHub truncates past 7 MB, so a bigger body is not GitHub's. */
export const TREE_CAP_BYTES_DEFAULT = 8 * 1024 * 1024;
const SYMLINK_MODE = '120000';

export async function fetchTree(api: RepoApi, commit: string, cfg: Pick<Config, 'max_tree_size_kb' | 'max_tree_files'>): Promise<TreeEntry[]> {
  const path = `git/trees/${commit}?recursive=1`;
  const capBytes = cfg.max_tree_size_kb === null ? TREE_CAP_BYTES_DEFAULT : cfg.max_tree_size_kb * 1024;
  const body = obj(await api.getRepoJson(path, `commit ${commit} not found in ${api.repo}`, { capBytes, code: 'TREE_TOO_LARGE' }), path, '(body)');
  if (body.truncated === true) {
    throw new OtaError('TREE_TRUNCATED', `GitHub truncated the file tree of ${commit.slice(0, 7)} (over 100,000 entries or 7 MB); refusing a partial update — publish a manifest.json or trim the repository`);
  }
  const items = list(body, 'tree', path);
  verifyTreeHashes(sha(body, 'sha', path), items.map((item, i) => rawItem(item, path, `tree[${i}]`)), commit.slice(0, 7));
  const blobs = items.filter((e) => isObject(e) && e.type === 'blob').length;
  if (cfg.max_tree_files !== null) {
    if (blobs > cfg.max_tree_files) {
      throw new OtaError('TREE_TOO_LARGE', `Tree contains too many files: ${blobs} (limit: ${cfg.max_tree_files})`, { files: blobs, limit: cfg.max_tree_files });
    }
    api.log.log('debug', 'tree.count', { files: blobs, limit: cfg.max_tree_files });
  }
  const out: TreeEntry[] = [];
  items.forEach((item, i) => {
    const field = `tree[${i}]`;
    const e = obj(item, path, field);
    const type = str(e, 'type', path, `${field}.type`);
    const entryPath = str(e, 'path', path, `${field}.path`);
    if (type === 'tree') return;
    if (type !== 'blob' && type !== 'commit') throw new OtaError('BAD_RESPONSE', `unexpected JSON from GitHub (${path}): ${field}.type ${JSON.stringify(type)}`);
    const why = checkRepoPath(entryPath);
    if (why !== null) throw new OtaError('PATH_REJECTED', `tree entry ${JSON.stringify(entryPath)} ${why}; refusing the update`, { path: entryPath });
    const entrySha = sha(e, 'sha', path, `${field}.sha`);
    // Symlinks and submodules go to the caller marked, so it can refuse them where they matter.
    if (type === 'commit') out.push({ path: entryPath, sha: entrySha, size: 0, kind: 'submodule' });
    else if (e.mode === SYMLINK_MODE) out.push({ path: entryPath, sha: entrySha, size: 0, kind: 'symlink' });
    else out.push({ path: entryPath, sha: entrySha, size: count(e, 'size', path, `${field}.size`) });
  });
  return out;
}

function rawItem(item: unknown, path: string, field: string): RawTreeItem {
  const e = obj(item, path, field);
  return { path: str(e, 'path', path, `${field}.path`), mode: str(e, 'mode', path, `${field}.mode`), type: str(e, 'type', path, `${field}.type`), sha: sha(e, 'sha', path, `${field}.sha`) };
}
