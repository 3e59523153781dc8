/**
 * The JSON bodies of the REST endpoints, shaped like GitHub's (the fields an updater reads, plus
 * the URLs and dates that make them look real). Pure rendering of the store's records.
 */
import type { Hosts } from './hosts.ts';
import type { CommitRecord, PathEntry, RepoStore, TagRecord } from './repo-store.ts';
import type { AssetRecord, ReleaseRecord } from './releases.ts';
import type { BuiltTree } from './git-objects.ts';
import { GIT_EPOCH_S } from './git-objects.ts';

const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const apiRepo = (h: Hosts, repo: RepoStore) => `https://${h.api}/repos/${repo.fullName}`;
const enc = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');

export function repoJson(h: Hosts, repo: RepoStore): unknown {
  return {
    id: repo.id,
    name: repo.name,
    full_name: repo.fullName,
    owner: { login: repo.owner },
    private: repo.isPrivate,
    html_url: `https://${h.web}/${repo.fullName}`,
    url: apiRepo(h, repo),
    default_branch: repo.defaultBranch,
  };
}

export function assetJson(h: Hosts, a: AssetRecord): unknown {
  const r = a.release;
  return {
    url: `${apiRepo(h, r.repo)}/releases/assets/${a.id}`,
    id: a.id,
    name: a.name,
    label: null,
    content_type: a.contentType,
    state: 'uploaded',
    size: a.bytes.length,
    download_count: 0,
    created_at: iso(r.publishedAtS),
    updated_at: iso(r.publishedAtS),
    browser_download_url: `https://${h.web}/${r.repo.fullName}/releases/download/${enc(r.tag)}/${encodeURIComponent(a.name)}`,
  };
}

/** `target_commitish` is the default branch, as for a release made from an existing tag: an
 * updater must resolve the tag, not trust this field. */
export function releaseJson(h: Hosts, r: ReleaseRecord): unknown {
  const base = apiRepo(h, r.repo);
  return {
    url: `${base}/releases/${r.id}`,
    html_url: `https://${h.web}/${r.repo.fullName}/releases/tag/${enc(r.tag)}`,
    assets_url: `${base}/releases/${r.id}/assets`,
    id: r.id,
    tag_name: r.tag,
    target_commitish: r.repo.defaultBranch,
    name: r.tag,
    draft: r.draft,
    prerelease: r.prerelease,
    created_at: iso(r.publishedAtS),
    published_at: r.draft ? null : iso(r.publishedAtS),
    assets: r.assets.map((a) => assetJson(h, a)),
    tarball_url: `${base}/tarball/${enc(r.tag)}`,
    zipball_url: `${base}/zipball/${enc(r.tag)}`,
    body: r.body,
  };
}

export function refJson(h: Hosts, repo: RepoStore, ref: string, object: { type: 'commit' | 'tag'; sha: string }): unknown {
  const base = apiRepo(h, repo);
  const kind = object.type === 'commit' ? 'commits' : 'tags';
  return { ref, url: `${base}/git/${ref}`, object: { ...object, url: `${base}/git/${kind}/${object.sha}` } };
}

export function tagObjectJson(h: Hosts, repo: RepoStore, t: TagRecord): unknown {
  const base = apiRepo(h, repo);
  return {
    tag: t.name,
    sha: t.tagObjectSha,
    url: `${base}/git/tags/${t.tagObjectSha}`,
    message: `${t.name}\n`,
    tagger: { name: 'otalab', email: 'otalab@example.invalid', date: iso(GIT_EPOCH_S) },
    object: { type: 'commit', sha: t.commit.sha, url: `${base}/git/commits/${t.commit.sha}` },
  };
}

export function commitJson(h: Hosts, repo: RepoStore, c: CommitRecord): unknown {
  const base = apiRepo(h, repo);
  const who = { name: 'otalab', email: 'otalab@example.invalid', date: iso(GIT_EPOCH_S) };
  return {
    sha: c.sha,
    url: `${base}/git/commits/${c.sha}`,
    author: who,
    committer: who,
    message: c.message,
    tree: { sha: c.treeSha, url: `${base}/git/trees/${c.treeSha}` },
    parents: c.parentSha ? [{ sha: c.parentSha, url: `${base}/git/commits/${c.parentSha}` }] : [],
  };
}

export function treeJson(h: Hosts, repo: RepoStore, tree: BuiltTree, entries: PathEntry[], truncated: boolean): unknown {
  const base = apiRepo(h, repo);
  return {
    sha: tree.sha,
    url: `${base}/git/trees/${tree.sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: e.size } : {}),
      // A submodule's commit lives in another repository: GitHub gives it no URL here.
      ...(e.type === 'commit' ? {} : { url: `${base}/git/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}` }),
    })),
    truncated,
  };
}

export function blobJson(h: Hosts, repo: RepoStore, sha: string, bytes: Uint8Array): unknown {
  return {
    sha,
    size: bytes.length,
    url: `${apiRepo(h, repo)}/git/blobs/${sha}`,
    content: Buffer.from(bytes).toString('base64'),
    encoding: 'base64',
  };
}
