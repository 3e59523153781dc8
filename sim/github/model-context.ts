/** What the per-host route handlers may ask of the model: lookups only, no state changes. */
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
