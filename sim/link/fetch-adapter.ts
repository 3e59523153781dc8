/**
 * The direct adapter: `fetch(url, init)` over a Link, for fast sweeps without msw. Behaves like
 * Node's undici fetch: follows redirects unless `redirect: 'manual'` (dropping Authorization on a
 * cross-origin hop, as the fetch spec does), rejects with TypeError('fetch failed') on
 * reset/DNS and with a TimeoutError when a stall outlasts `timeoutMs`.
 */
import { lowerCaseHeaders } from '../github/http-types.ts';
import type { Link } from './link.ts';
import { fetchFailed, timeoutError, toWebResponse } from './web-response.ts';

export interface LinkFetchInit {
  method?: string;
  headers?: Record<string, string> | Headers;
  redirect?: 'follow' | 'manual' | 'error';
  /** Virtual-time budget for the response to start (the Http port's `timeoutMs`). */
  timeoutMs?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

export async function linkFetch(link: Link, url: string, init: LinkFetchInit): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = init.headers instanceof Headers ? lowerCaseHeaders(init.headers) : lowerCaseHeaders(init.headers ?? {});
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const ex = link.exchange({ method, url: current.href, headers: { ...headers }, ...(init.timeoutMs !== undefined ? { timeoutMs: init.timeoutMs } : {}) });
    if ('error' in ex) throw ex.error === 'timeout' ? timeoutError() : fetchFailed(ex.error, current.hostname);
    const res = ex.response;
    const location = res.headers.location;
    if (REDIRECTS.has(res.status) && location !== undefined && init.redirect !== 'manual') {
      if (init.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
      if (hop >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
      const next = new URL(location, current);
      if (next.origin !== current.origin) delete headers.authorization;
      current = next;
      continue;
    }
    const response = toWebResponse(link, res, method, ex.bodyCut, ex.powerCut);
    Object.defineProperty(response, 'url', { value: current.href });
    Object.defineProperty(response, 'redirected', { value: hop > 0 });
    return response;
  }
}
