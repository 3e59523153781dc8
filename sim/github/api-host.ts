/**
 * api.github.com: authentication, the per-identity rate limit, ETags and the headers every API
 * answer carries. Fault model: bad credentials (401), an exhausted budget (403 with
 * `x-ratelimit-remaining: 0`), and 304s that still spend a request for anonymous callers (a
 * token's 304s are free, as on GitHub; platform notes).
 */
import { routeApi } from './api-routes.ts';
import type { SimRequest, SimResponse } from './http-types.ts';
import { pathSegments, type ModelContext, type Viewer } from './model-context.ts';
import { rateLimitHeaders, type RateLimiter } from './rate-limit.ts';
import { apiNotFound, bodyHash, etagMatches, httpDate, jsonResponse, notModified } from './responses.ts';

const RATE_DOCS = 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting';

type Auth = { kind: 'anonymous' } | { kind: 'token'; token: string } | { kind: 'invalid' };

export function parseAuthorization(header: string | undefined, tokens: ReadonlySet<string>): Auth {
  if (header === undefined) return { kind: 'anonymous' };
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  return m && tokens.has(m[1]!) ? { kind: 'token', token: m[1]! } : { kind: 'invalid' };
}

export function handleApi(ctx: ModelContext, limiter: RateLimiter, tokens: ReadonlySet<string>, url: URL, req: SimRequest): SimResponse {
  const auth = parseAuthorization(req.headers.authorization, tokens);
  // Bad credentials are charged to the shared anonymous budget, as GitHub charges the IP (one per public address).
  const identity = auth.kind === 'token' ? `token:${auth.token}` : req.from === undefined ? 'anonymous' : `anonymous@${req.from}`;
  const rate = limiter.take(identity, auth.kind === 'token' ? 'token' : 'anonymous', ctx.nowMs());
  const common = { date: httpDate(ctx.nowMs()), 'x-github-media-type': 'github.v3; format=json', ...rateLimitHeaders(rate) };
  let res: SimResponse;
  if (auth.kind === 'invalid') {
    res = jsonResponse(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
  } else if (!rate.allowed) {
    const who = auth.kind === 'token' ? 'user ID 1' : (req.from ?? '203.0.113.7');
    res = jsonResponse(403, { message: `API rate limit exceeded for ${who}.`, documentation_url: RATE_DOCS });
  } else {
    res = route(ctx, url, req, auth.kind === 'token' ? { token: auth.token } : {});
  }
  res = { ...res, headers: { ...res.headers, ...common } };
  if (res.status !== 200 || !res.headers['content-type']?.startsWith('application/json')) return res;
  const etag = `W/"${bodyHash(res.body)}"`;
  res.headers.etag = etag;
  res.headers['cache-control'] = 'private, max-age=60, s-maxage=60';
  res.headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
  if (!etagMatches(req.headers['if-none-match'], etag)) return res;
  // GitHub charges a 304 to anonymous callers, not to a request with valid credentials (platform notes).
  if (auth.kind === 'token') res.headers = { ...res.headers, ...rateLimitHeaders(limiter.giveBack(identity, 'token', rate)) };
  return notModified(res);
}

function route(ctx: ModelContext, url: URL, req: SimRequest, viewer: Viewer): SimResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') return apiNotFound();
  const segs = pathSegments(url.pathname);
  return segs ? routeApi(ctx, segs, url, req, viewer) : apiNotFound();
}
