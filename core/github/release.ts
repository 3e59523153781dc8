/**
 * Releases and the `manifest.json` asset. The asset is fetched through its API URL with
 * `Accept: application/octet-stream`, which works for private repositories (with the token) and
 * redirects to a CDN host that must not see the token (the transport drops it).
 */
import { OtaError } from '../errors.ts';
import { list, obj, count, str } from './shape.ts';
import { decodeUtf8, readCapped } from './read-body.ts';
import { discard, type Transport } from './transport.ts';
import type { ReleaseAsset, ReleaseInfo } from './types.ts';
import { hostOf } from './urls.ts';

export const MANIFEST_ASSET = 'manifest.json';
/** Far above any real manifest (a 250-file bundle is ~40 KB), small enough to hold in memory. */
export const MANIFEST_CAP_BYTES = 1024 * 1024;

export function parseRelease(json: unknown, what: string): ReleaseInfo {
  const o = obj(json, what, '(body)');
  const name = o.name;
  const assets = list(o, 'assets', what).map((a, i): ReleaseAsset => {
    const field = `assets[${i}]`;
    const asset = obj(a, what, field);
    return { name: str(asset, 'name', what, `${field}.name`), url: str(asset, 'url', what, `${field}.url`), size: count(asset, 'size', what, `${field}.size`) };
  });
  // body only when GitHub sent one (release notes carry the rollout line: core/update/rollout.ts).
  return { tag: str(o, 'tag_name', what), name: typeof name === 'string' ? name : null, ...(typeof o.body === 'string' ? { body: o.body } : {}), assets };
}

/** The manifest's text, or null when the release has no asset named exactly `manifest.json`. */
export async function fetchManifestText(transport: Transport, release: ReleaseInfo): Promise<string | null> {
  const asset = release.assets.find((a) => a.name === MANIFEST_ASSET);
  if (asset === undefined) return null;
  const res = await transport.get({ url: asset.url, accept: 'bytes', notFound: `${MANIFEST_ASSET} of release ${release.tag} not found` });
  if (/^text\/html/i.test(res.headers.get('content-type') ?? '')) {
    discard(res);
    throw new OtaError('BAD_RESPONSE', `got an HTML page instead of ${MANIFEST_ASSET} — captive portal or proxy? (from ${hostOf(asset.url)})`);
  }
  const bytes = await readCapped(res, MANIFEST_ASSET, { capBytes: MANIFEST_CAP_BYTES, code: 'BAD_RESPONSE' }, () => transport.feedWatchdog());
  return decodeUtf8(bytes, MANIFEST_ASSET);
}
