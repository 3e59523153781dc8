/**
 * A real Git repository → the fake GitHub's RepoSpec: the commits the board's records name, plus
 * every branch and tag tip, with their first-parent ancestry (capped), real file contents, and
 * each commit object carried exactly (CommitSpec.git) so the lab's SHAs are git's. Tags become
 * lightweight tags with a release each, oldest commit first (or `latest` last).
 */
import { RepoStore } from '../../sim/github/repo-store.ts';
import type { CommitSpec, FileTree, RepoSpec } from '../../sim/github/spec.ts';
import { fileContent } from './file-content.ts';
import type { CommitFiles } from './findings.ts';
import { RepoError, type GitRepo, type RawCommit, type TreeItem } from './git-repo.ts';

export const MAX_COMMITS = 200;

export interface ServedRepo {
  spec: RepoSpec;
  /** Commit SHA → label (every served commit). */
  labels: Map<string, string>;
  /** Named SHAs the repository does not have. */
  missing: string[];
  commitFiles: CommitFiles;
  /** Commits whose lab SHA differs from git's (what the lab cannot model), one line each. */
  mismatches: string[];
}

export interface ServeOptions {
  owner: string;
  name: string;
  /** Commit SHAs the board's records name. */
  named: readonly string[];
  /** The tag whose release is "latest" (default: the tag of the newest commit). */
  latest?: string;
  maxCommits?: number;
}

export const labelOf = (sha: string): string => `c-${sha.slice(0, 10)}`;

export function serveRepo(repo: GitRepo, opts: ServeOptions): ServedRepo {
  const named = [...new Set(opts.named)];
  const missing = named.filter((sha) => !repo.has(sha));
  const present = named.filter((sha) => !missing.includes(sha));
  const tips = [...new Set(repo.refs.values())];
  const chosen = new Set([...repo.firstParents([...present, ...tips], opts.maxCommits ?? MAX_COMMITS), ...present, ...tips]);
  const raw = new Map<string, RawCommit>([...chosen].map((sha) => [sha, repo.commit(sha)]));
  const trees = new Map<string, TreeItem[]>([...chosen].map((sha) => [sha, repo.tree(sha)]));
  const blobs = repo.blobs([...trees.values()].flatMap((items) => items.filter((i) => i.type === 'blob').map((i) => i.sha)));
  const order = parentsFirst(raw);
  const labels = new Map(order.map((sha) => [sha, labelOf(sha)]));
  const commits: Record<string, CommitSpec> = {};
  const filesOf = new Map<string, Map<string, string>>();
  for (const sha of order) {
    const c = raw.get(sha)!;
    const items = trees.get(sha)!;
    const files = new Map(items.filter((i) => i.type === 'blob' && (i.mode === '100644' || i.mode === '100755')).map((i) => [i.path, i.sha]));
    filesOf.set(sha, files);
    const parentSha = c.parents[0] !== undefined && labels.has(c.parents[0]) ? c.parents[0] : undefined;
    commits[labels.get(sha)!] = commitSpec(c, items, files, parentSha === undefined ? undefined : { label: labels.get(parentSha)!, files: filesOf.get(parentSha)! }, blobs);
  }
  const spec: RepoSpec = { owner: opts.owner, name: opts.name, commits, ...refsOf(repo, labels, raw, opts.latest) };
  return { spec, labels, missing, commitFiles: (sha) => filesOf.get(sha) ?? null, mismatches: mismatchesOf(spec, labels) };
}

/** Every commit after its served first parent (the lab inherits files from `parent`). */
function parentsFirst(raw: Map<string, RawCommit>): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (sha: string) => {
    const chain: string[] = [];
    for (let at: string | undefined = sha; at !== undefined && raw.has(at) && !done.has(at); at = raw.get(at)!.parents[0]) chain.push(at);
    for (const s of chain.reverse()) {
      done.add(s);
      out.push(s);
    }
  };
  // Oldest committer time first, so the YAML reads as history.
  const when = (c: RawCommit) => Number(/ (\d+) [+-]\d{4}$/.exec(c.committer)?.[1] ?? 0);
  for (const sha of [...raw.keys()].sort((a, b) => when(raw.get(a)!) - when(raw.get(b)!) || (a < b ? -1 : 1))) visit(sha);
  return out;
}

function commitSpec(c: RawCommit, items: TreeItem[], files: Map<string, string>, parent: { label: string; files: Map<string, string> } | undefined, blobs: Map<string, Uint8Array>): CommitSpec {
  const spec: CommitSpec = {};
  const changed: FileTree = {};
  for (const [path, sha] of files) if (parent?.files.get(path) !== sha) changed[path] = fileContent(blobs.get(sha)!);
  if (parent) spec.parent = parent.label;
  if (Object.keys(changed).length > 0) spec.files = changed;
  const gone = parent ? [...parent.files.keys()].filter((p) => !files.has(p)) : [];
  if (gone.length > 0) spec.delete = gone;
  const text = new TextDecoder();
  const symlinks = Object.fromEntries(items.filter((i) => i.mode === '120000').map((i) => [i.path, text.decode(blobs.get(i.sha)!)]));
  if (Object.keys(symlinks).length > 0) spec.symlinks = symlinks;
  const submodules = Object.fromEntries(items.filter((i) => i.mode === '160000').map((i) => [i.path, i.sha]));
  if (Object.keys(submodules).length > 0) spec.submodules = submodules;
  const executables = items.filter((i) => i.mode === '100755').map((i) => i.path);
  spec.git = { parents: c.parents, author: c.author, committer: c.committer, ...(c.headers ? { headers: c.headers } : {}), message: c.message, ...(executables.length > 0 ? { executables } : {}) };
  return spec;
}

function refsOf(repo: GitRepo, labels: Map<string, string>, raw: Map<string, RawCommit>, latest: string | undefined): Pick<RepoSpec, 'defaultBranch' | 'branches' | 'tags' | 'releases'> {
  const branches: Record<string, string> = {};
  const tags: Record<string, string> = {};
  for (const [ref, sha] of repo.refs) {
    if (ref.startsWith('refs/heads/')) branches[ref.slice(11)] = labels.get(sha)!;
    else if (ref.startsWith('refs/tags/')) tags[ref.slice(10)] = labels.get(sha)!;
  }
  if (latest !== undefined && tags[latest] === undefined) {
    throw new RepoError(`--latest ${latest}: no such tag in the repository (tags: ${Object.keys(tags).join(', ') || 'none'})`);
  }
  const when = (tag: string) => {
    const sha = [...labels].find(([, l]) => l === tags[tag])![0];
    return Number(/ (\d+) [+-]\d{4}$/.exec(raw.get(sha)!.committer)?.[1] ?? 0);
  };
  const names = Object.keys(tags).sort((a, b) => when(a) - when(b) || (a < b ? -1 : 1));
  if (latest !== undefined) names.splice(names.indexOf(latest), 1), names.push(latest);
  const defaultBranch = repo.defaultBranch ?? (branches.main ? 'main' : Object.keys(branches)[0]);
  return {
    ...(defaultBranch !== undefined ? { defaultBranch } : {}),
    branches,
    ...(names.length > 0 ? { tags, releases: names.map((tag) => ({ tag })) } : {}),
  };
}

/** Hashes the spec as the fake GitHub will, and names every commit whose SHA is not git's. */
function mismatchesOf(spec: RepoSpec, labels: Map<string, string>): string[] {
  const store = new RepoStore(spec, 0);
  const out: string[] = [];
  for (const [sha, label] of labels) {
    const got = store.commits.get(label)?.sha;
    if (got !== sha) out.push(`commit ${sha}: the lab hashes it as ${got ?? 'nothing'} (a tree entry the lab cannot model?); the replay serves it under that SHA`);
  }
  return out;
}
