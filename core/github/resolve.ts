/**
 * Which commit to install. A pinned `tag` wins; else `stable` = the latest published release
 * (GitHub excludes drafts and prereleases) and its tag; else `developer` = the branch tip.
 * Annotated tags are dereferenced through tag objects, up to four levels (the predecessor stopped
 * at one, so a tag of a tag yielded a tag SHA and every later fetch failed).
 *
 * The first request (the "lookup": releases/latest, the branch's or the pinned tag's ref) may be
 * conditional: with the ETag of the last lookup of the same path, GitHub answers 304 when nothing
 * changed, and the check needs no other request (docs/SPEC.md §3).
 */
import { isOtaError, OtaError } from '../errors.ts';
import type { Config } from '../config/types.ts';
import type { LookupAnswer, RepoApi } from './repo-api.ts';
import { parseRelease } from './release.ts';
import { obj, sha, str } from './shape.ts';
import type { ReleaseInfo, Target } from './types.ts';
import { encodeSegments } from './urls.ts';

export const MAX_TAG_DEPTH = 4;

type LookupConfig = Pick<Config, 'channel' | 'branch' | 'tag'>;

/** A resolved target with the lookup's validator, or "not modified" (only when an ETag was sent). */
export type Resolved = { kind: 'target'; target: Target; lookup: { path: string; etag: string | null } } | { kind: 'not-modified'; path: string };

/** The API path of the first request of a check, which a stored ETag belongs to. */
export function lookupPath(cfg: LookupConfig): string {
  if (cfg.tag !== null) return refPath('tags', cfg.tag);
  return cfg.channel === 'stable' ? 'releases/latest' : refPath('heads', cfg.branch);
}

export async function resolveTarget(api: RepoApi, cfg: LookupConfig, etag: string | null = null): Promise<Resolved> {
  const path = lookupPath(cfg);
  const answer = await api.lookupJson(path, notFoundOf(api, cfg), etag);
  if (answer.notModified) return { kind: 'not-modified', path };
  const lookup = { path, etag: answer.etag };
  if (cfg.tag !== null) {
    const commit = await derefTarget(api, 'tags', cfg.tag, first(answer, path));
    return { kind: 'target', target: { ref: cfg.tag, commit, mode: 'tag', release: await releaseForTag(api, cfg.tag) }, lookup };
  }
  if (cfg.channel === 'stable') {
    const release = parseRelease(answer.value, 'releases/latest');
    const commit = await resolveRef(api, 'tags', release.tag, `tag ${release.tag} of the latest release not found in ${api.repo}`);
    return { kind: 'target', target: { ref: release.tag, commit, mode: 'release', release }, lookup };
  }
  const commit = await derefTarget(api, 'heads', cfg.branch, first(answer, path));
  return { kind: 'target', target: { ref: cfg.branch, commit, mode: 'branch', release: null }, lookup };
}

function notFoundOf(api: RepoApi, cfg: LookupConfig): string {
  if (cfg.tag !== null) return `tag ${cfg.tag} not found in ${api.repo}`;
  if (cfg.channel === 'stable') return `no release in ${api.repo} (channel stable needs a published release; use channel developer or publish one)`;
  return `branch ${cfg.branch} not found in ${api.repo}`;
}

function first(answer: Extract<LookupAnswer, { notModified: false }>, path: string): Record<string, unknown> {
  return obj(obj(answer.value, path, '(body)').object, path, 'object');
}

function refPath(kind: 'tags' | 'heads', name: string): string {
  return `git/ref/${kind}/${encodeSegments(name)}`;
}

/** A pinned tag need not have a release: then there is no manifest, and tree mode applies. */
async function releaseForTag(api: RepoApi, tag: string): Promise<ReleaseInfo | null> {
  const path = `releases/tags/${encodeSegments(tag)}`;
  try {
    return parseRelease(await api.getRepoJson(path, `no release for tag ${tag}`), path);
  } catch (err) {
    if (isOtaError(err, 'NOT_FOUND')) return null;
    throw err;
  }
}

async function resolveRef(api: RepoApi, kind: 'tags' | 'heads', name: string, notFound: string): Promise<string> {
  const path = refPath(kind, name);
  return derefTarget(api, kind, name, obj(obj(await api.getRepoJson(path, notFound), path, '(body)').object, path, 'object'));
}

/** A ref's `object`, through annotated tags, to its commit. */
async function derefTarget(api: RepoApi, kind: 'tags' | 'heads', name: string, object: Record<string, unknown>): Promise<string> {
  const path = refPath(kind, name);
  let target = object;
  for (let depth = 0; ; depth++) {
    const type = str(target, 'type', path, 'object.type');
    const id = sha(target, 'sha', path, 'object.sha');
    if (type === 'commit') return id;
    if (type !== 'tag') throw new OtaError('BAD_RESPONSE', `${kind === 'tags' ? 'tag' : 'branch'} ${name} points at a ${type}, not a commit`);
    if (depth >= MAX_TAG_DEPTH) throw new OtaError('BAD_RESPONSE', `tag ${name} nests more than ${MAX_TAG_DEPTH} annotated tags`);
    const tagPath = `git/tags/${id}`;
    target = obj(obj(await api.getRepoJson(tagPath, `tag object ${id} of ${name} not found`), tagPath, '(body)').object, tagPath, 'object');
  }
}
