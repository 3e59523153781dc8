/**
 * Release-asset download URLs on the objects host, shaped like GitHub's pre-signed CDN URLs
 * (query-string signature, 300 s expiry on the model clock). Fault model, as the real CDN:
 * a tampered or expired URL answers 403, and a request that also carries `Authorization`
 * answers 400 ("Only one auth mechanism allowed"), which is what a client gets when it forwards
 * its GitHub token across the redirect.
 */
import { createHash } from 'node:crypto';
import type { Hosts } from './hosts.ts';
import type { AssetRecord } from './releases.ts';

export const OBJECT_URL_EXPIRES_S = 300;
const PREFIX = '/github-production-release-asset-2e65be';

function amzDate(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

function signature(repoId: number, assetId: number, date: string): string {
  return createHash('sha256').update(`otalab-objects:${repoId}/${assetId}:${date}`).digest('hex');
}

export function signedObjectUrl(h: Hosts, asset: AssetRecord, nowMs: number): string {
  const repoId = asset.release.repo.id;
  const date = amzDate(nowMs);
  const q = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'OTALABFAKE/20240101/us-east-1/s3/aws4_request',
    'X-Amz-Date': date,
    'X-Amz-Expires': String(OBJECT_URL_EXPIRES_S),
    'X-Amz-Signature': signature(repoId, asset.id, date),
    'X-Amz-SignedHeaders': 'host',
    'response-content-disposition': `attachment; filename=${asset.name}`,
    'response-content-type': 'application/octet-stream',
  });
  return `https://${h.objects}${PREFIX}/${repoId}/${asset.id}?${q.toString()}`;
}

export type ObjectCheck = { ok: true; assetId: number } | { ok: false; status: number; code: string; message: string };

export function checkObjectUrl(url: URL, nowMs: number, hasAuthorization: boolean): ObjectCheck {
  const m = new RegExp(`^${PREFIX}/(\\d+)/(\\d+)$`).exec(url.pathname);
  if (!m) return { ok: false, status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
  if (hasAuthorization) {
    return { ok: false, status: 400, code: 'InvalidArgument', message: 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified' };
  }
  const date = url.searchParams.get('X-Amz-Date') ?? '';
  const signedAt = parseAmzDate(date);
  const sig = url.searchParams.get('X-Amz-Signature');
  if (signedAt === undefined || sig !== signature(Number(m[1]), Number(m[2]), date)) {
    return { ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  if (nowMs > signedAt + OBJECT_URL_EXPIRES_S * 1000) return { ok: false, status: 403, code: 'AccessDenied', message: 'Request has expired' };
  return { ok: true, assetId: Number(m[2]) };
}

export function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}
