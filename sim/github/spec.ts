/**
 * What a fake GitHub repository contains, as a scenario states it. Commits are named by labels
 * (v1, v2…); the model derives real-looking SHAs from their content, deterministically.
 */

/**
 * File content: UTF-8 text, base64 bytes, `size` pseudo-random bytes from `seed`, or a file of
 * otalab's own MicroPython updater (`device/<path>`, with `append` text added) — so a scenario
 * can ship real updater files, which the micropython target then runs.
 */
export type FileContent = string | { base64: string } | { random: number; seed?: number } | { device: string; append?: string };

export type FileTree = Record<string, FileContent>;

export interface CommitSpec {
  /** Label of the parent commit; its files are inherited. */
  parent?: string;
  /** Files added or replaced relative to the parent. */
  files?: FileTree;
  /** Paths removed relative to the parent. */
  delete?: string[];
  message?: string;
  /**
   * Tree entries that are not regular files, as a real repository or a hostile server has them.
   * Unlike `files`, none of these is inherited by child commits, and the raw host serves none.
   */
  /** Symlinks: path → link text (a blob, mode 120000). */
  symlinks?: Record<string, string>;
  /** Submodules: path → commit SHA, 40 hex (mode 160000, type `commit`). */
  submodules?: Record<string, string>;
  /** Directories with nothing in them (an empty tree object, which Git itself never stores). */
  emptyDirs?: string[];
  /**
   * Files at paths no honest host lists: with `..`/`.` segments (hashed as a tree with such names)
   * or a leading `/` (listed so, hashed without it, as a client regroups the listing).
   */
  hostileFiles?: FileTree;
  /**
   * The commit object exactly as a real repository has it (set by `otalab repro`), so the lab's
   * SHA is git's: every parent SHA (the first is `parent`'s; a merge's others, or the parent of the
   * oldest commit served, need not be in the spec), author and committer lines, any further
   * headers (gpgsig, encoding…), and the message verbatim. Absent: the lab's fixed identity.
   */
  git?: GitCommitSpec;
}

export interface GitCommitSpec {
  parents: string[];
  /** `Name <email> seconds ±hhmm`, as in the commit object. */
  author: string;
  committer: string;
  /** Header lines after `committer`, verbatim, each ending in a newline (continuation lines start with a space). */
  headers?: string;
  /** The message verbatim (git's usually ends in a newline; the lab's own format adds none). */
  message: string;
  /** Paths of this commit's files with mode 100755 (not inherited: the full list). */
  executables?: string[];
}

export interface TagSpec {
  commit: string;
  /** An annotated tag: the ref points at a tag object that points at the commit. */
  annotated?: boolean;
}

export interface ReleaseSpec {
  tag: string;
  draft?: boolean;
  prerelease?: boolean;
  /** The release notes (default ""). A line `rollout: N` publishes the release to N % of boards (docs/SPEC.md §9.2). */
  body?: string;
  /**
   * Attach a `manifest.json` asset generated from the tag's commit (files with size, sha256,
   * crc32; `deletes` against the previous non-draft release). `false` (default): no manifest.
   */
  manifest?: boolean;
  /** Sign the generated manifest with this HMAC key (predecessor scheme). */
  manifestKey?: string;
  /** Shallow overrides merged into the generated manifest object (hostile-manifest scenarios). */
  manifestPatch?: Record<string, unknown>;
  /**
   * `1`: the predecessor's manifest (no `manifest_version`, no `commit`: nothing binds it to a
   * release). Default 2.
   */
  manifestFormat?: 1 | 2;
  /** Describe this commit label's files instead of the tag's: an old manifest served with a newer release. */
  manifestFrom?: string;
  /** Extra assets: name → content. */
  assets?: FileTree;
  /**
   * Sign the generated manifest with Ed25519 (docs/SPEC.md §12): the lab key derived from `seed`
   * (sim/github/lab-keys.ts), with anti-rollback `counter`; `owner`/`repo` name another
   * repository (a signature replayed across repos). Applied after `manifestPatch`.
   */
  sign?: { seed: string; counter: number; owner?: string; repo?: string };
}

export interface RepoSpec {
  owner: string;
  name: string;
  private?: boolean;
  defaultBranch?: string;
  commits: Record<string, CommitSpec>;
  /** Branch name → commit label. Default: the default branch at the last commit listed. */
  branches?: Record<string, string>;
  /** Tag name → commit label. A release whose tag names a commit label gets a lightweight tag implicitly. */
  tags?: Record<string, string | TagSpec>;
  /** Oldest first; "latest" is the newest non-draft, non-prerelease one. */
  releases?: ReleaseSpec[];
  /**
   * Recursive tree listings answer `truncated: true` with only the first half of the entries, as
   * GitHub does past 100,000 entries or 7 MB (otalab addition, for TREE_TRUNCATED scenarios).
   */
  truncateTree?: boolean;
  /**
   * Different bytes on each request for the same file: the raw host answers the n-th request for
   * `path` (any ref) with `variants[(n-1) % length]` (a flaky CDN or a hostile mirror).
   */
  flapping?: Record<string, FileContent[]>;
}

/** A request whose URL contains `urlIncludes` is answered `302 Location: location` (relative or absolute). */
export interface RedirectSpec {
  urlIncludes: string;
  location: string;
  /** How many matching requests it answers (default: all). */
  times?: number;
}

export interface ServerSpec {
  repos: RepoSpec[];
  /** Tokens GitHub accepts (they see private repos). */
  tokens?: string[];
  /** Requests per hour; unauthenticated default 60, per token 5000. */
  rateLimit?: { anonymous?: number; token?: number; remaining?: number };
  /** Hosts the model answers on (defaults: api.github.com, raw.githubusercontent.com, github.com, objects.githubusercontent.com). */
  hosts?: { api?: string; raw?: string; web?: string; objects?: string };
  /**
   * Redirects answered before any route, first match wins: chains, loops, a hop to a third host
   * (which the model answers 404, recording what it received, Authorization included).
   */
  redirects?: RedirectSpec[];
  /** How the content hosts answer `Range` (default honour; sim/github/byte-ranges.ts). */
  ranges?: 'honour' | 'ignore' | 'wrong-content-range';
}
