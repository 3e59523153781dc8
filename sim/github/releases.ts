/**
 * A repository's releases and their assets, materialised once from the spec: ids are handed out
 * in spec order so the same spec gives the same ids, and the manifest asset is generated from
 * the tag's commit. No fault model.
 */
import { buildManifest, manifestBytes, signManifest } from './manifest.ts';
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
  /** The release notes; a `rollout: N` line there is the release's canary percent (docs/SPEC.md §9.2). */
  body: string;
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
      body: spec.body ?? '',
      commit: tag.commit,
      publishedAtS: generatedAtS - (specs.length - 1 - i) * 3600,
      assets: [],
      repo,
    };
    if (spec.manifest) {
      if (spec.assets?.[MANIFEST_ASSET] !== undefined) {
        throw new Error(`Failed to build release ${spec.tag} of ${repo.fullName}: manifest: true and an asset named ${MANIFEST_ASSET}`);
      }
      const described = manifestCommit(repo, spec.manifestFrom, tag.commit, spec.tag);
      const format1 = spec.manifestFormat === 1;
      const manifest = buildManifest({
        tag: spec.tag,
        commitSha: described.sha,
        files: described.files,
        ...(previousFiles ? { previousFiles } : {}),
        generatedAt,
        ...(spec.manifestPatch ? { patch: spec.manifestPatch } : {}),
        // A format-1 manifest is signed after the otalab keys are gone (below).
        ...(spec.manifestKey !== undefined && !format1 ? { key: spec.manifestKey } : {}),
        ...(spec.sign !== undefined ? { sign: { ...spec.sign, ownRepo: { owner: repo.spec.owner, repo: repo.spec.name } } } : {}),
      });
      if (format1) {
        // The predecessor's manifest_gen: no manifest_version, no commit (nothing binds it to a release).
        delete manifest.manifest_version;
        delete manifest.commit;
        if (spec.manifestKey !== undefined && !(spec.manifestPatch && 'signature' in spec.manifestPatch)) manifest.signature = signManifest(manifest, spec.manifestKey);
      }
      release.assets.push({ id: ids.next('asset'), name: MANIFEST_ASSET, contentType: 'application/json', bytes: manifestBytes(manifest), release });
    }
    for (const [name, content] of Object.entries(spec.assets ?? {})) {
      release.assets.push({ id: ids.next('asset'), name, contentType: 'application/octet-stream', bytes: fileBytes(content), release });
    }
    if (!release.draft) previousFiles = tag.commit.files;
    return release;
  });
}

/** The commit a release's manifest describes: its tag's, or `manifestFrom`'s (a stale manifest replayed). */
function manifestCommit(repo: RepoStore, label: string | undefined, own: CommitRecord, tag: string): CommitRecord {
  if (label === undefined) return own;
  const c = repo.commits.get(label);
  if (!c) throw new Error(`Failed to build release ${tag} of ${repo.fullName}: manifestFrom names unknown commit label ${label}`);
  return c;
}

/** "latest" as GitHub means it: the newest release that is neither a draft nor a prerelease. */
export function latestRelease(releases: ReleaseRecord[]): ReleaseRecord | undefined {
  return releases.filter((r) => !r.draft && !r.prerelease).at(-1);
}
