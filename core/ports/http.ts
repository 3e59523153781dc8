/**
 * Http: a WHATWG fetch. Core always passes `redirect: 'manual'` and follows redirects itself, so
 * that `Authorization` is never forwarded to another host. Any error while reading a body means
 * the connection dropped.
 */
export interface Http {
  fetch(url: string, init: HttpInit): Promise<Response>;
}

export interface HttpInit {
  method?: 'GET' | 'HEAD';
  headers: Record<string, string>;
  redirect: 'manual';
  signal?: AbortSignal;
}
