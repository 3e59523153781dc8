/** What the GitHub client hands to the updater: already validated, never raw JSON. */

export interface ReleaseAsset {
  name: string;
  /** API URL (`…/releases/assets/{id}`): with `Accept: application/octet-stream` it serves the bytes, private repos included. */
  url: string;
  size: number;
}

export interface ReleaseInfo {
  tag: string;
  name: string | null;
  /** The release notes (markdown), absent when GitHub sent none: carries the `rollout: N` line (core/update/rollout.ts). */
  body?: string | null;
  assets: ReleaseAsset[];
}

export interface Target {
  /** Branch name (developer) or tag name (stable, pinned tag). */
  ref: string;
  /** The commit SHA everything is fetched by. */
  commit: string;
  mode: 'release' | 'branch' | 'tag';
  release: ReleaseInfo | null;
}

/** A file of the tree: a regular blob, or (with `kind`) a symlink or submodule, which no board can hold. */
export interface TreeEntry {
  path: string;
  /** Git blob SHA-1 (a submodule: the commit SHA). */
  sha: string;
  size: number;
  /** Absent for a regular file. The updater refuses these inside the managed set (source.ts). */
  kind?: 'symlink' | 'submodule';
}

/** The last rate-limit state GitHub reported, for scheduling the next check. */
export interface RateLimitInfo {
  limit: number | null;
  remaining: number;
  /** When the window resets, in this device's clock (epoch ms). */
  resetAt: number | null;
}
