/** What the per-host route handlers may ask of the model: lookups, and the one counter flapping files need. */
import type { Hosts } from './hosts.ts';
import type { RepoStore } from './repo-store.ts';
import type { AssetRecord, ReleaseRecord } from './releases.ts';

export interface ModelContext {
  readonly hosts: Hosts;
  nowMs(): number;
  /** Case-insensitive like GitHub; undefined when absent. Visibility is the caller's check. */
  findRepo(owner: string, name: string): RepoStore | undefined;
  releasesOf(repo: RepoStore): ReleaseRecord[];
  assetById(id: number): AssetRecord | undefined;
  /** How many times `path` of `repo` was asked for on the raw host before, counting this request. */
  countRawRequest(repo: RepoStore, path: string): number;
}

/** Who is asking: a private repository exists only for a valid token. */
export interface Viewer {
  token?: string;
}

export function canSee(repo: RepoStore, viewer: Viewer): boolean {
  return !repo.isPrivate || viewer.token !== undefined;
}

/** Splits a URL path into percent-decoded segments; undefined when a segment is malformed. */
export function pathSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}
