/**
 * The REST routes under /repos/{owner}/{repo}: releases, refs, tag objects, commits, trees,
 * blobs and asset downloads. Answers are plain SimResponses; the API host wrapper adds rate-limit
 * headers, ETags and the Date. A private repository without a valid token is a 404, as GitHub
 * hides it.
 */
import { assetJson, blobJson, commitJson, refJson, releaseJson, repoJson, tagObjectJson, treeJson } from './api-json.ts';
import type { SimRequest, SimResponse } from './http-types.ts';
import { canSee, type ModelContext, type Viewer } from './model-context.ts';
import { signedObjectUrl } from './object-urls.ts';
import { latestRelease } from './releases.ts';
import type { RepoStore } from './repo-store.ts';
import { apiNotFound, jsonResponse, redirect } from './responses.ts';

const ok = (value: unknown) => jsonResponse(200, value);

export function routeApi(ctx: ModelContext, segs: string[], url: URL, req: SimRequest, viewer: Viewer): SimResponse {
  const [top, owner, name, ...rest] = segs;
  if (top !== 'repos' || owner === undefined || name === undefined) return apiNotFound();
  const repo = ctx.findRepo(owner, name);
  if (!repo || !canSee(repo, viewer)) return apiNotFound();
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return ok(repoJson(ctx.hosts, repo));
  const [family, ...args] = rest;
  if (family === 'releases') return releases(ctx, repo, args, req);
  if (family === 'git') return git(ctx, repo, args, url);
  return apiNotFound();
}

function releases(ctx: ModelContext, repo: RepoStore, args: string[], req: SimRequest): SimResponse {
  const h = ctx.hosts;
  const all = ctx.releasesOf(repo);
  const [what, ...more] = args;
  if (what === undefined || what === '') {
    // Newest first. Drafts are hidden: the model has no notion of collaborators who could see them.
    return ok(all.filter((r) => !r.draft).reverse().map((r) => releaseJson(h, r)));
  }
  if (what === 'latest' && more.length === 0) {
    const r = latestRelease(all);
    return r ? ok(releaseJson(h, r)) : apiNotFound();
  }
  if (what === 'tags' && more.length > 0) {
    const tag = more.join('/');
    const r = all.filter((x) => !x.draft && x.tag === tag).at(-1);
    return r ? ok(releaseJson(h, r)) : apiNotFound();
  }
  if (what === 'assets' && more.length === 1) {
    const asset = ctx.assetById(Number(more[0]));
    if (!asset || asset.release.repo !== repo || !/^\d+$/.test(more[0]!)) return apiNotFound();
    if ((req.headers.accept ?? '').includes('application/octet-stream')) return redirect(signedObjectUrl(h, asset, ctx.nowMs()));
    return ok(assetJson(h, asset));
  }
  if (/^\d+$/.test(what) && more.length === 0) {
    const r = all.find((x) => x.id === Number(what));
    return r ? ok(releaseJson(h, r)) : apiNotFound();
  }
  return apiNotFound();
}

function git(ctx: ModelContext, repo: RepoStore, args: string[], url: URL): SimResponse {
  const h = ctx.hosts;
  const [what, ...more] = args;
  const rest = more.join('/');
  if ((what === 'ref' || what === 'refs') && more.length >= 2) {
    const [kind, ...nameParts] = more;
    const name = nameParts.join('/');
    if (kind === 'heads') {
      const c = repo.branches.get(name);
      return c ? ok(refJson(h, repo, `refs/heads/${name}`, { type: 'commit', sha: c.sha })) : apiNotFound();
    }
    if (kind === 'tags') {
      const t = repo.tags.get(name);
      if (!t) return apiNotFound();
      const object = t.tagObjectSha ? { type: 'tag' as const, sha: t.tagObjectSha } : { type: 'commit' as const, sha: t.commit.sha };
      return ok(refJson(h, repo, `refs/tags/${name}`, object));
    }
    return apiNotFound();
  }
  if (what === 'tags' && more.length === 1) {
    const t = repo.tagsByObjectSha.get(rest);
    return t ? ok(tagObjectJson(h, repo, t)) : apiNotFound();
  }
  if (what === 'commits' && more.length === 1) {
    const c = repo.commitsBySha.get(rest);
    return c ? ok(commitJson(h, repo, c)) : apiNotFound();
  }
  if (what === 'blobs' && more.length === 1) {
    const bytes = repo.blobs.get(rest);
    return bytes ? ok(blobJson(h, repo, rest, bytes)) : apiNotFound();
  }
  if (what === 'trees' && more.length >= 1) {
    const tree = repo.resolveTree(rest);
    if (!tree) return apiNotFound();
    // GitHub treats any value of `recursive` as "yes".
    if (!url.searchParams.has('recursive')) {
      return ok(treeJson(h, repo, tree, tree.entries.map((e) => ({ ...e, path: e.name })), false));
    }
    const entries = repo.walkTree(tree);
    if (repo.spec.truncateTree) return ok(treeJson(h, repo, tree, entries.slice(0, Math.ceil(entries.length / 2)), true));
    return ok(treeJson(h, repo, tree, entries, false));
  }
  return apiNotFound();
}
