/**
 * A repository's releases and their assets, materialised once from the spec: ids are handed out
 * in spec order so the same spec gives the same ids, and the manifest asset is generated from
 * the tag's commit. No fault model.
 */
import { buildManifest, manifestBytes } from './manifest.ts';
import { fileBytes } from './files.ts';
import type { CommitRecord, RepoStore } from './repo-store.ts';

export interface AssetRecord {
  id: number;
  name: string;
  contentType: string;
  bytes: Uint8Array;
  release: ReleaseRecord;
}

export interface ReleaseRecord {
  id: number;
  tag: string;
  draft: boolean;
  prerelease: boolean;
  commit: CommitRecord;
  /** Epoch seconds; older releases get earlier times so ordering reads naturally. */
  publishedAtS: number;
  assets: AssetRecord[];
  repo: RepoStore;
}

export interface IdSource {
  next(kind: 'release' | 'asset'): number;
}

export const MANIFEST_ASSET = 'manifest.json';

export function buildReleases(repo: RepoStore, ids: IdSource, generatedAtS: number): ReleaseRecord[] {
  const specs = repo.spec.releases ?? [];
  const generatedAt = new Date(generatedAtS * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let previousFiles: Map<string, Uint8Array> | undefined;
  return specs.map((spec, i) => {
    const tag = repo.tags.get(spec.tag);
    if (!tag) throw new Error(`Failed to build release ${spec.tag} of ${repo.fullName}: unknown tag (name a tag or a commit label)`);
    const release: ReleaseRecord = {
      id: ids.next('release'),
      tag: spec.tag,
      draft: spec.draft === true,
      prerelease: spec.prerelease === true,
      commit: tag.commit,
      publishedAtS: generatedAtS - (specs.length - 1 - i) * 3600,
      assets: [],
      repo,
    };
    if (spec.manifest) {
      if (spec.assets?.[MANIFEST_ASSET] !== undefined) {
        throw new Error(`Failed to build release ${spec.tag} of ${repo.fullName}: manifest: true and an asset named ${MANIFEST_ASSET}`);
      }
      const manifest = buildManifest({
        tag: spec.tag,
        commitSha: tag.commit.sha,
        files: tag.commit.files,
        ...(previousFiles ? { previousFiles } : {}),
        generatedAt,
        ...(spec.manifestPatch ? { patch: spec.manifestPatch } : {}),
        ...(spec.manifestKey !== undefined ? { key: spec.manifestKey } : {}),
      });
      release.assets.push({ id: ids.next('asset'), name: MANIFEST_ASSET, contentType: 'application/json', bytes: manifestBytes(manifest), release });
    }
    for (const [name, content] of Object.entries(spec.assets ?? {})) {
      release.assets.push({ id: ids.next('asset'), name, contentType: 'application/octet-stream', bytes: fileBytes(content), release });
    }
    if (!release.draft) previousFiles = tag.commit.files;
    return release;
  });
}

/** "latest" as GitHub means it: the newest release that is neither a draft nor a prerelease. */
export function latestRelease(releases: ReleaseRecord[]): ReleaseRecord | undefined {
  return releases.filter((r) => !r.draft && !r.prerelease).at(-1);
}
