/**
 * msw adapter: request handlers that route every intercepted fetch through a Link to the model,
 * so code calling global `fetch` inside `setupServer(...)` meets the same GitHub and the same
 * faults as the direct adapter. msw itself follows redirects (each hop a new exchange, with
 * Authorization dropped cross-origin) and returns the 3xx as is for `redirect: 'manual'`.
 *
 * Errors: reset/DNS answer `Response.error()`, which makes fetch reject with
 * TypeError('Failed to fetch') whose `cause` is that Response with `code` ECONNRESET/ENOTFOUND
 * set on it (the direct adapter's cause carries the same `code`). A timeout is thrown as a
 * DOMException named 'TimeoutError' that msw passes through (it needs `errno` set; msw also
 * prints the error to stderr). msw cannot see a request's timeout: send it in the
 * `x-sim-timeout-ms` header (stripped before the model sees the request).
 */
import { http, type RequestHandler } from 'msw';
import type { Link } from '../link/link.ts';
import { timeoutError, toWebResponse } from '../link/web-response.ts';
import { lowerCaseHeaders } from './http-types.ts';

export const SIM_TIMEOUT_HEADER = 'x-sim-timeout-ms';

/** `link` may be a getter, so one msw server can serve a sequence of boards (the lab's msw transport). */
export function githubHandlers(linkOrGetter: Link | (() => Link)): RequestHandler[] {
  return [
    http.all('*', ({ request }) => {
      const link = typeof linkOrGetter === 'function' ? linkOrGetter() : linkOrGetter;
      const headers = lowerCaseHeaders(request.headers);
      const timeout = headers[SIM_TIMEOUT_HEADER];
      delete headers[SIM_TIMEOUT_HEADER];
      const ex = link.exchange({ method: request.method, url: request.url, headers, ...(timeout !== undefined ? { timeoutMs: Number(timeout) } : {}) });
      if ('error' in ex) {
        if (ex.error === 'timeout') throw Object.defineProperty(timeoutError(), 'errno', { value: -110 });
        return Object.assign(Response.error(), { code: ex.error === 'reset' ? 'ECONNRESET' : 'ENOTFOUND' });
      }
      return toWebResponse(link, ex.response, request.method, ex.bodyCut, ex.powerCut);
    }),
  ];
}
