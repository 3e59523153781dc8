/** Building SimResponses the way GitHub's hosts shape them (headers, ETags, error bodies). */
import { createHash } from 'node:crypto';
import { jsonBytes, textBytes, type SimResponse } from './http-types.ts';

export const DOCS_URL = 'https://docs.github.com/rest';

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  const body = jsonBytes(value);
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length), ...headers }, body };
}

export function apiNotFound(): SimResponse {
  return jsonResponse(404, { message: 'Not Found', documentation_url: DOCS_URL });
}

export function textResponse(status: number, text: string, contentType = 'text/plain; charset=utf-8'): SimResponse {
  const body = textBytes(text);
  return { status, headers: { 'content-type': contentType, 'content-length': String(body.length) }, body };
}

export function bytesResponse(bytes: Uint8Array, contentType: string, headers: Record<string, string> = {}): SimResponse {
  return { status: 200, headers: { 'content-type': contentType, 'content-length': String(bytes.length), ...headers }, body: bytes };
}

export function redirect(location: string, headers: Record<string, string> = {}): SimResponse {
  return { status: 302, headers: { location, 'content-type': 'text/html; charset=utf-8', 'content-length': '0', ...headers }, body: new Uint8Array(0) };
}

/** RFC 7231 IMF-fixdate, e.g. "Mon, 01 Jan 2024 00:00:00 GMT". */
export function httpDate(nowMs: number): string {
  return new Date(nowMs).toUTCString();
}

export function bodyHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** True when an If-None-Match list names `etag` (weak comparison, as GitHub does for GETs). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** A 304 keeps the validators and rate headers but carries no body or entity headers. */
export function notModified(res: SimResponse): SimResponse {
  const { 'content-type': _t, 'content-length': _l, ...headers } = res.headers;
  return { status: 304, headers, body: new Uint8Array(0) };
}
