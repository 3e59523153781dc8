/**
 * Range and If-Range on the content hosts (raw.githubusercontent.com, the release-asset CDN), as
 * RFC 9110 §14 has them and GitHub's CDNs answer: `Range: bytes=N-` on a 200 answer becomes 206
 * with `Content-Range: bytes N-(len-1)/len` and the rest of the body; an `If-Range` naming another
 * ETag (the file changed) gets the whole 200 instead; a range past the end gets 416. Only the
 * single open-ended and closed forms `bytes=N-` / `bytes=N-M` are modelled (all an updater sends).
 * `mode` lets a scenario play a server that ignores Range (plain 200) or a hostile one whose 206
 * names the wrong range.
 */
import type { SimRequest, SimResponse } from './http-types.ts';
import { textBytes } from './http-types.ts';

export type RangeMode = 'honour' | 'ignore' | 'wrong-content-range';

export function answerRange(req: SimRequest, res: SimResponse, mode: RangeMode = 'honour'): SimResponse {
  if (res.status !== 200 || req.method !== 'GET') return res;
  const withAccept: SimResponse = mode === 'ignore' ? res : { ...res, headers: { ...res.headers, 'accept-ranges': 'bytes' } };
  const range = req.headers['range'];
  if (range === undefined || mode === 'ignore') return withAccept;
  const m = /^bytes=(\d+)-(\d*)$/.exec(range.trim());
  if (!m) return withAccept; // an unsupported form is ignored, as servers do
  // If-Range compares strongly: a weak or different tag means "send me the whole thing".
  const ifRange = req.headers['if-range'];
  const etag = res.headers['etag'];
  if (ifRange !== undefined && (etag === undefined || etag.startsWith('W/') || ifRange.trim() !== etag)) return withAccept;
  const len = res.body.length;
  const first = Number(m[1]);
  const last = m[2] === '' ? len - 1 : Math.min(Number(m[2]), len - 1);
  if (first >= len || last < first) {
    const body = textBytes('');
    return { status: 416, headers: { 'content-range': `bytes */${len}`, 'content-length': '0' }, body };
  }
  const body = res.body.slice(first, last + 1);
  // The hostile answer: a 206 whose Content-Range starts one byte early, over the same bytes.
  const shown = mode === 'wrong-content-range' ? Math.max(0, first - 1) : first;
  return {
    status: 206,
    headers: { ...withAccept.headers, 'content-length': String(body.length), 'content-range': `bytes ${shown}-${last}/${len}` },
    body,
  };
}
