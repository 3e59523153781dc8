/**
 * Which commit to install. A pinned `tag` wins; else `stable` = the latest published release
 * (GitHub excludes drafts and prereleases) and its tag; else `developer` = the branch tip.
 * Annotated tags are dereferenced through tag objects, up to four levels (the predecessor stopped
 * at one, so a tag of a tag yielded a tag SHA and every later fetch failed).
 */
import { isOtaError, OtaError } from '../errors.ts';
import type { Config } from '../config/types.ts';
import type { RepoApi } from './repo-api.ts';
import { parseRelease } from './release.ts';
import { obj, sha, str } from './shape.ts';
import type { ReleaseInfo, Target } from './types.ts';
import { encodeSegments } from './urls.ts';

export const MAX_TAG_DEPTH = 4;

export async function resolveTarget(api: RepoApi, cfg: Pick<Config, 'channel' | 'branch' | 'tag'>): Promise<Target> {
  if (cfg.tag !== null) {
    const commit = await resolveRef(api, 'tags', cfg.tag, `tag ${cfg.tag} not found in ${api.repo}`);
    return { ref: cfg.tag, commit, mode: 'tag', release: await releaseForTag(api, cfg.tag) };
  }
  if (cfg.channel === 'stable') {
    const notFound = `no release in ${api.repo} (channel stable needs a published release; use channel developer or publish one)`;
    const release = parseRelease(await api.getRepoJson('releases/latest', notFound), 'releases/latest');
    const commit = await resolveRef(api, 'tags', release.tag, `tag ${release.tag} of the latest release not found in ${api.repo}`);
    return { ref: release.tag, commit, mode: 'release', release };
  }
  const commit = await resolveRef(api, 'heads', cfg.branch, `branch ${cfg.branch} not found in ${api.repo}`);
  return { ref: cfg.branch, commit, mode: 'branch', release: null };
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
  const path = `git/ref/${kind}/${encodeSegments(name)}`;
  let target = obj(obj(await api.getRepoJson(path, notFound), path, '(body)').object, path, 'object');
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
