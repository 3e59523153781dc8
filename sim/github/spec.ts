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
}

export interface ServerSpec {
  repos: RepoSpec[];
  /** Tokens GitHub accepts (they see private repos). */
  tokens?: string[];
  /** Requests per hour; unauthenticated default 60, per token 5000. */
  rateLimit?: { anonymous?: number; token?: number; remaining?: number };
  /** Hosts the model answers on (defaults: api.github.com, raw.githubusercontent.com, github.com, objects.githubusercontent.com). */
  hosts?: { api?: string; raw?: string; web?: string; objects?: string };
}
