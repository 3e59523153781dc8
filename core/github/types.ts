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

/** A regular file of the tree (blob, not a symlink or submodule). */
export interface TreeEntry {
  path: string;
  /** Git blob SHA-1. */
  sha: string;
  size: number;
}

/** The last rate-limit state GitHub reported, for scheduling the next check. */
export interface RateLimitInfo {
  limit: number | null;
  remaining: number;
  /** When the window resets, in this device's clock (epoch ms). */
  resetAt: number | null;
}
