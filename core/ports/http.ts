/**
 * Http: a WHATWG fetch. Core always passes `redirect: 'manual'` and follows redirects itself, so
 * that `Authorization` is never forwarded to another host. Any error while reading a body means
 * the connection dropped. Timeouts are the adapter's job (core has no timers of its own).
 */
export interface Http {
  fetch(url: string, init: HttpInit): Promise<Response>;
}

export interface HttpInit {
  method?: 'GET' | 'HEAD';
  headers: Record<string, string>;
  redirect: 'manual';
  /** The adapter rejects with an error named 'TimeoutError' when no response (or no body progress) arrives in time. */
  timeoutMs?: number;
}
