/**
 * The msw way in: core's `Http` port is the global `fetch`, intercepted by msw's `setupServer`
 * and routed to the current board's Link — the same model and faults as the direct adapter, but
 * through the interceptors a real Node application would meet. One server per process (msw patches
 * the global fetch), serving one board at a time. Limitation: msw reads a mocked body whole before
 * `fetch` resolves, so a slow link's bandwidth time passes all at once, not chunk by chunk as the
 * board reads (the direct adapter streams; test/msw-transport.test.ts leaves slow links out), and
 * a byte cut (power-cut-at-bytes) lands before fetch resolves, with none of the body handed over.
 */
import { setupServer } from 'msw/node';
import type { Http } from '../../core/ports/index.ts';
import type { Link } from '../link/link.ts';
import { githubHandlers, SIM_TIMEOUT_HEADER } from './msw.ts';

let server: ReturnType<typeof setupServer> | null = null;
let current: Link | null = null;

function currentLink(): Link {
  if (!current) throw new Error('Failed to route a request: no board is attached to the msw transport');
  return current;
}

/** Starts the shared server on first use and routes it to `link`; returns the port core uses. */
export function mswHttp(link: Link): Http {
  if (!server) {
    const s = setupServer(...githubHandlers(currentLink));
    s.listen({ onUnhandledRequest: 'error' });
    server = s;
  }
  current = link;
  const realFetch = globalThis.fetch;
  return {
    fetch: (url, init) =>
      realFetch(url, {
        method: init.method,
        redirect: init.redirect,
        headers: init.timeoutMs === undefined ? init.headers : { ...init.headers, [SIM_TIMEOUT_HEADER]: String(init.timeoutMs) },
      }),
  };
}

export function closeMswTransport(): void {
  server?.close();
  server = null;
  current = null;
}
