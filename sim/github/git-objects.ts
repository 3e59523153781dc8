/**
 * Real git object ids for the fake repositories: trees, commits and annotated tags are hashed
 * exactly as git would hash them, so a SHA the updater sees could have come from a real repo
 * (and `git hash-object`/`git mktree` reproduce them). Author dates are fixed so the ids depend
 * on the spec alone. No fault model: this is pure data.
 */
import { createHash } from 'node:crypto';
import { gitBlobSha1 } from './files.ts';
import type { GitCommitSpec } from './spec.ts';

/** Fixed author/tagger date (2024-01-01T00:00:00Z): ids must not depend on the run's clock. */
export const GIT_EPOCH_S = 1704067200;
const IDENT = `otalab <otalab@example.invalid> ${GIT_EPOCH_S} +0000`;

export function gitObjectSha1(type: 'tree' | 'commit' | 'tag', body: Uint8Array): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

export interface TreeEntry {
  /** Name within its tree (a tree SHA can appear at several paths, so paths are not stored). */
  name: string;
  /** `commit`: a submodule (a gitlink: the SHA is a commit of another repository). */
  type: 'blob' | 'tree' | 'commit';
  /** As the REST API prints it: "100644", "040000", "120000" (symlink) or "160000" (submodule). */
  mode: '100644' | '100755' | '040000' | '120000' | '160000';
  sha: string;
  /** Blobs only. */
  size?: number;
}

/**
 * Entries a real repository may hold besides regular files, or that a hostile server lists: a
 * symlink (a blob of the link text, mode 120000), a submodule (mode 160000, type commit), an empty
 * directory, and a regular file whose path has `..`/`.` segments (hashed as Git would hash a tree
 * with such names; a leading `/` is listed but hashed without it, as a client regroups it).
 */
export interface OddEntry {
  path: string;
  kind: 'symlink' | 'submodule' | 'dir' | 'hostile-file';
  /** symlink: the link text; hostile-file: the content. */
  bytes?: Uint8Array;
  /** submodule: the commit SHA. */
  sha?: string;
}

export interface BuiltTree {
  sha: string;
  /** Direct children, in git order. */
  entries: TreeEntry[];
}

/** Every tree of one commit, keyed by sha, plus the root's sha and the blobs met on the way. */
export interface TreeSet {
  rootSha: string;
  trees: Map<string, BuiltTree>;
  blobs: Map<string, Uint8Array>;
}

interface DirNode {
  files: Map<string, Uint8Array>;
  dirs: Map<string, DirNode>;
  /** Symlinks and submodules: name → entry without its name. */
  links: Map<string, Omit<TreeEntry, 'name'>>;
}

const newDir = (): DirNode => ({ files: new Map(), dirs: new Map(), links: new Map() });

/** The directory node for `parts` (created as needed). `lenient`: `.`/`..` are names like any other. */
function dirAt(root: DirNode, parts: string[], path: string, lenient: boolean): DirNode {
  if (parts.some((p) => p === '' || (!lenient && (p === '.' || p === '..')))) {
    throw new Error(`Failed to build tree: invalid path ${JSON.stringify(path)}`);
  }
  let node = root;
  for (const dir of parts) {
    if (node.files.has(dir) || node.links.has(dir)) throw new Error(`Failed to build tree: ${path} lies under file ${dir}`);
    let next = node.dirs.get(dir);
    if (!next) node.dirs.set(dir, (next = newDir()));
    node = next;
  }
  return node;
}

function insert(root: DirNode, path: string, bytes: Uint8Array, lenient = false): void {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  const node = dirAt(root, parts.slice(0, -1), path, lenient);
  if (name === '' || (!lenient && (name === '.' || name === '..'))) throw new Error(`Failed to build tree: invalid path ${JSON.stringify(path)}`);
  if (node.dirs.has(name) || node.links.has(name)) throw new Error(`Failed to build tree: ${path} is also a directory`);
  node.files.set(name, bytes);
}

function insertOdd(root: DirNode, odd: OddEntry): void {
  if (odd.kind === 'hostile-file') return insert(root, odd.path.replace(/^\/+/, ''), odd.bytes ?? new Uint8Array(0), true);
  const parts = odd.path.split('/');
  if (odd.kind === 'dir') return void dirAt(root, parts, odd.path, false);
  const name = parts[parts.length - 1]!;
  const node = dirAt(root, parts.slice(0, -1), odd.path, false);
  if (name === '' || name === '.' || name === '..' || node.files.has(name) || node.dirs.has(name)) throw new Error(`Failed to build tree: ${odd.path} is taken or invalid`);
  if (odd.kind === 'symlink') {
    const bytes = odd.bytes ?? new Uint8Array(0);
    node.links.set(name, { type: 'blob', mode: '120000', sha: gitBlobSha1(bytes), size: bytes.length });
  } else {
    if (!/^[0-9a-f]{40}$/.test(odd.sha ?? '')) throw new Error(`Failed to build tree: submodule ${odd.path} needs a 40-hex commit SHA`);
    node.links.set(name, { type: 'commit', mode: '160000', sha: odd.sha! });
  }
}

/** Git sorts tree entries by name bytes, with a directory compared as if named "dir/". */
function gitOrder(a: { key: string }, b: { key: string }): number {
  const x = Buffer.from(a.key);
  const y = Buffer.from(b.key);
  return Buffer.compare(x, y);
}

function hashDir(node: DirNode, set: TreeSet, executables: ReadonlySet<string>, prefix: string): string {
  const items: { key: string; name: string; entry: TreeEntry }[] = [];
  for (const [name, bytes] of node.files) {
    const sha = gitBlobSha1(bytes);
    set.blobs.set(sha, bytes);
    const mode = executables.has(prefix + name) ? '100755' : '100644';
    items.push({ key: name, name, entry: { name, type: 'blob', mode, sha, size: bytes.length } });
  }
  for (const [name, child] of node.dirs) {
    const sha = hashDir(child, set, executables, `${prefix}${name}/`);
    items.push({ key: `${name}/`, name, entry: { name, type: 'tree', mode: '040000', sha } });
  }
  for (const [name, link] of node.links) items.push({ key: name, name, entry: { name, ...link } });
  items.sort(gitOrder);
  const parts: Uint8Array[] = [];
  for (const { name, entry } of items) {
    // In the object a tree's mode is "40000" (no leading zero); the API pads it.
    const mode = entry.type === 'tree' ? '40000' : entry.mode;
    parts.push(Buffer.from(`${mode} ${name}\0`), Buffer.from(entry.sha, 'hex'));
  }
  const sha = gitObjectSha1('tree', Buffer.concat(parts));
  set.trees.set(sha, { sha, entries: items.map((i) => i.entry) });
  return sha;
}

export function buildTrees(files: Map<string, Uint8Array>, odd: readonly OddEntry[] = [], executables: ReadonlySet<string> = new Set()): TreeSet {
  const root = newDir();
  for (const [path, bytes] of files) insert(root, path, bytes);
  for (const entry of odd) insertOdd(root, entry);
  const set: TreeSet = { rootSha: '', trees: new Map(), blobs: new Map() };
  set.rootSha = hashDir(root, set, executables, '');
  return set;
}

export function commitSha1(tree: string, parent: string | undefined, message: string): string {
  const text = `tree ${tree}\n${parent ? `parent ${parent}\n` : ''}author ${IDENT}\ncommitter ${IDENT}\n\n${message}\n`;
  return gitObjectSha1('commit', Buffer.from(text));
}

export function tagSha1(name: string, commit: string, message: string): string {
  const text = `object ${commit}\ntype commit\ntag ${name}\ntagger ${IDENT}\n\n${message}\n`;
  return gitObjectSha1('tag', Buffer.from(text));
}

/** A commit object as a real repository stored it (CommitSpec.git): git's own SHA. */
export function gitCommitSha1(tree: string, git: GitCommitSpec): string {
  const parents = git.parents.map((p) => `parent ${p}\n`).join('');
  const text = `tree ${tree}\n${parents}author ${git.author}\ncommitter ${git.committer}\n${git.headers ?? ''}\n${git.message}`;
  return gitObjectSha1('commit', Buffer.from(text));
}
