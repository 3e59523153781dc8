/**
 * One fake repository, fully materialised from its RepoSpec: every commit's files and trees, the
 * branches and tags, indexed by label, name and SHA. Built once and read-only afterwards, so the
 * same spec always yields the same objects. No fault model (faults belong to the link).
 */
import { allCommitFiles, fileBytes } from './files.ts';
import { buildTrees, commitSha1, gitCommitSha1, tagSha1, type BuiltTree, type OddEntry, type TreeEntry } from './git-objects.ts';
import type { CommitSpec, RepoSpec, TagSpec } from './spec.ts';

export interface CommitRecord {
  label: string;
  sha: string;
  treeSha: string;
  parentSha?: string;
  message: string;
  files: Map<string, Uint8Array>;
}

export interface TagRecord {
  name: string;
  commit: CommitRecord;
  /** Annotated tags have a tag object; the ref points at it. */
  tagObjectSha?: string;
}

export type PathEntry = TreeEntry & { path: string };

const SHA_RE = /^[0-9a-f]{40}$/;

export class RepoStore {
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly isPrivate: boolean;
  readonly defaultBranch: string;
  readonly commits = new Map<string, CommitRecord>();
  readonly commitsBySha = new Map<string, CommitRecord>();
  readonly trees = new Map<string, BuiltTree>();
  readonly blobs = new Map<string, Uint8Array>();
  readonly branches = new Map<string, CommitRecord>();
  readonly tags = new Map<string, TagRecord>();
  readonly tagsByObjectSha = new Map<string, TagRecord>();
  /** Root tree SHA → hashed path → the path the listing shows instead (hostile absolute paths). */
  private readonly listedAs = new Map<string, Map<string, string>>();

  constructor(readonly spec: RepoSpec, readonly id: number) {
    this.owner = spec.owner;
    this.name = spec.name;
    this.fullName = `${spec.owner}/${spec.name}`;
    this.isPrivate = spec.private === true;
    this.defaultBranch = spec.defaultBranch ?? 'main';
    const files = allCommitFiles(spec);
    for (const label of Object.keys(spec.commits)) this.addCommit(label, files);
    this.addBranches();
    this.addTags();
  }

  private addCommit(label: string, files: Map<string, Map<string, Uint8Array>>): CommitRecord {
    const done = this.commits.get(label);
    if (done) return done;
    const spec = this.spec.commits[label]!;
    const parent = spec.parent === undefined ? undefined : this.addCommit(spec.parent, files);
    const commitFiles = files.get(label)!;
    const set = buildTrees(commitFiles, oddEntries(spec), new Set(spec.git?.executables ?? []));
    const renames = new Map(Object.keys(spec.hostileFiles ?? {}).filter((p) => p.startsWith('/')).map((p) => [p.replace(/^\/+/, ''), p]));
    if (renames.size > 0) this.listedAs.set(set.rootSha, renames);
    for (const [sha, tree] of set.trees) this.trees.set(sha, tree);
    for (const [sha, bytes] of set.blobs) this.blobs.set(sha, bytes);
    let message = spec.git?.message ?? spec.message ?? label;
    let sha = spec.git ? gitCommitSha1(set.rootSha, spec.git) : commitSha1(set.rootSha, parent?.sha, message);
    // Identical content, parent and message would give one SHA to two labels; keep them distinct.
    if (this.commitsBySha.has(sha) && !spec.git) {
      message = `${message}\n\nLabel: ${label}`;
      sha = commitSha1(set.rootSha, parent?.sha, message);
    }
    const record: CommitRecord = { label, sha, treeSha: set.rootSha, message, files: commitFiles };
    if (parent) record.parentSha = parent.sha;
    this.commits.set(label, record);
    this.commitsBySha.set(sha, record);
    return record;
  }

  private commitByLabel(label: string, what: string): CommitRecord {
    const c = this.commits.get(label);
    if (!c) throw new Error(`Failed to resolve ${what} in ${this.fullName}: unknown commit label ${label}`);
    return c;
  }

  /** Without `branches`, the default branch points at the last commit listed. */
  private addBranches(): void {
    const labels = Object.keys(this.spec.commits);
    const branches = this.spec.branches ?? (labels.length ? { [this.defaultBranch]: labels[labels.length - 1]! } : {});
    for (const [name, label] of Object.entries(branches)) this.branches.set(name, this.commitByLabel(label, `branch ${name}`));
  }

  /** Explicit tags, plus a lightweight tag for each release tag that names a commit label. */
  private addTags(): void {
    const specs: Record<string, string | TagSpec> = { ...(this.spec.tags ?? {}) };
    for (const release of this.spec.releases ?? []) {
      if (specs[release.tag] === undefined && this.commits.has(release.tag)) specs[release.tag] = release.tag;
    }
    for (const [name, tagSpec] of Object.entries(specs)) {
      const t = typeof tagSpec === 'string' ? { commit: tagSpec } : tagSpec;
      const record: TagRecord = { name, commit: this.commitByLabel(t.commit, `tag ${name}`) };
      if (t.annotated) {
        record.tagObjectSha = tagSha1(name, record.commit.sha, name);
        this.tagsByObjectSha.set(record.tagObjectSha, record);
      }
      this.tags.set(name, record);
    }
  }

  /** A commit SHA, branch name or tag name (peeled) → the commit. SHAs win, then branches, then tags. */
  resolveCommit(ref: string): CommitRecord | undefined {
    if (SHA_RE.test(ref)) {
      const byCommit = this.commitsBySha.get(ref);
      if (byCommit) return byCommit;
      const byTag = this.tagsByObjectSha.get(ref);
      if (byTag) return byTag.commit;
    }
    return this.branches.get(ref) ?? this.tags.get(ref)?.commit;
  }

  /** A tree SHA, or anything resolveCommit takes (its root tree). */
  resolveTree(ref: string): BuiltTree | undefined {
    const direct = this.trees.get(ref);
    if (direct) return direct;
    const commit = this.resolveCommit(ref);
    return commit ? this.trees.get(commit.treeSha) : undefined;
  }

  /** Every entry under `tree`, directories before their contents, as GitHub lists a recursive tree. */
  walkTree(tree: BuiltTree, prefix = ''): PathEntry[] {
    const renames = prefix === '' ? this.listedAs.get(tree.sha) : undefined;
    if (renames) return this.walkTree(tree, '/').map((e) => ({ ...e, path: renames.get(e.path.slice(1)) ?? e.path.slice(1) }));
    const out: PathEntry[] = [];
    for (const entry of tree.entries) {
      const path = prefix + entry.name;
      out.push({ ...entry, path });
      if (entry.type === 'tree') out.push(...this.walkTree(this.trees.get(entry.sha)!, `${path}/`));
    }
    return out;
  }
}

function oddEntries(spec: CommitSpec): OddEntry[] {
  const utf8 = (t: string) => new TextEncoder().encode(t);
  return [
    ...Object.entries(spec.symlinks ?? {}).map(([path, target]): OddEntry => ({ path, kind: 'symlink', bytes: utf8(target) })),
    ...Object.entries(spec.submodules ?? {}).map(([path, sha]): OddEntry => ({ path, kind: 'submodule', sha })),
    ...(spec.emptyDirs ?? []).map((path): OddEntry => ({ path, kind: 'dir' })),
    ...Object.entries(spec.hostileFiles ?? {}).map(([path, content]): OddEntry => ({ path, kind: 'hostile-file', bytes: fileBytes(content) })),
  ];
}
