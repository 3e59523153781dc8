/**
 * The non-API hosts: raw.githubusercontent.com (files by commit SHA, branch or tag), github.com
 * (browser release-download URLs, which redirect to the CDN) and the objects CDN (asset bytes).
 * None of them is rate limited. Browser URLs take no token, so a private repository's assets
 * are reachable only through the API asset URL.
 */
import { fileBytes } from './files.ts';
import type { SimRequest, SimResponse } from './http-types.ts';
import { canSee, pathSegments, type ModelContext, type Viewer } from './model-context.ts';
import { checkObjectUrl, s3ErrorXml, signedObjectUrl } from './object-urls.ts';
import { latestRelease } from './releases.ts';
import type { CommitRecord, RepoStore } from './repo-store.ts';
import { bodyHash, bytesResponse, etagMatches, notModified, redirect, textResponse } from './responses.ts';

const rawNotFound = () => textResponse(404, '404: Not Found');
const webNotFound = () => textResponse(404, 'Not Found', 'text/html; charset=utf-8');

/** `/{owner}/{repo}/{ref…}/{path…}`: the ref may contain slashes; the shortest that resolves wins. */
export function routeRaw(ctx: ModelContext, url: URL, req: SimRequest, viewer: Viewer): SimResponse {
  const segs = pathSegments(url.pathname);
  if (!segs || segs.length < 4) return rawNotFound();
  const [owner, name, ...rest] = segs;
  const repo = ctx.findRepo(owner!, name!);
  if (!repo || !canSee(repo, viewer)) return rawNotFound();
  const found = splitRefAndPath(repo, rest);
  if (!found) return rawNotFound();
  let bytes = found.commit.files.get(found.path);
  if (!bytes) return rawNotFound();
  const variants = repo.spec.flapping?.[found.path];
  if (variants && variants.length > 0) bytes = fileBytes(variants[(ctx.countRawRequest(repo, found.path) - 1) % variants.length]!);
  const etag = `"${bodyHash(bytes)}"`;
  const res = bytesResponse(bytes, 'text/plain; charset=utf-8', { etag, 'cache-control': 'max-age=300', 'x-content-type-options': 'nosniff' });
  return etagMatches(req.headers['if-none-match'], etag) ? notModified(res) : res;
}

function splitRefAndPath(repo: RepoStore, rest: string[]): { commit: CommitRecord; path: string } | undefined {
  // "refs/heads/x" and "refs/tags/x" name the kind explicitly.
  let start = 0;
  if (rest[0] === 'refs' && (rest[1] === 'heads' || rest[1] === 'tags')) start = 2;
  for (let k = start + 1; k < rest.length; k++) {
    const ref = rest.slice(start, k).join('/');
    let commit: CommitRecord | undefined;
    if (start === 2) commit = rest[1] === 'heads' ? repo.branches.get(ref) : repo.tags.get(ref)?.commit;
    else commit = repo.resolveCommit(ref);
    if (commit) return { commit, path: rest.slice(k).join('/') };
  }
  return undefined;
}

/** `/{o}/{r}/releases/download/{tag}/{name}` and `/{o}/{r}/releases/latest/download/{name}`. */
export function routeWeb(ctx: ModelContext, url: URL): SimResponse {
  const segs = pathSegments(url.pathname);
  if (!segs || segs.length < 5 || segs[2] !== 'releases') return webNotFound();
  const [owner, name, , ...rest] = segs;
  const repo = ctx.findRepo(owner!, name!);
  // Browser URLs ignore tokens: a private repository is invisible here.
  if (!repo || repo.isPrivate) return webNotFound();
  const releases = ctx.releasesOf(repo);
  if (rest[0] === 'latest' && rest[1] === 'download' && rest.length === 3) {
    const latest = latestRelease(releases);
    if (!latest) return webNotFound();
    const tag = latest.tag.split('/').map(encodeURIComponent).join('/');
    return redirect(`https://${ctx.hosts.web}/${repo.fullName}/releases/download/${tag}/${encodeURIComponent(rest[2]!)}`);
  }
  if (rest[0] !== 'download' || rest.length < 3) return webNotFound();
  const assetName = rest[rest.length - 1]!;
  const tag = rest.slice(1, -1).join('/');
  const release = releases.find((r) => !r.draft && r.tag === tag);
  const asset = release?.assets.find((a) => a.name === assetName);
  return asset ? redirect(signedObjectUrl(ctx.hosts, asset, ctx.nowMs())) : webNotFound();
}

export function routeObjects(ctx: ModelContext, url: URL, req: SimRequest): SimResponse {
  const check = checkObjectUrl(url, ctx.nowMs(), req.headers.authorization !== undefined);
  if (!check.ok) return textResponse(check.status, s3ErrorXml(check.code, check.message), 'application/xml');
  const asset = ctx.assetById(check.assetId);
  if (!asset) return textResponse(404, s3ErrorXml('NoSuchKey', 'The specified key does not exist.'), 'application/xml');
  return bytesResponse(asset.bytes, 'application/octet-stream', {
    'content-disposition': `attachment; filename=${asset.name}`,
    etag: `"${bodyHash(asset.bytes).slice(0, 32)}"`,
    'accept-ranges': 'bytes',
  });
}
