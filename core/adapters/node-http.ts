/**
 * Http on Node's global fetch (undici), for core running on a Linux device and for tests (msw
 * intercepts global fetch). The timeout is an inactivity timeout, as the port asks: it covers
 * waiting for the response and then each wait for the next body chunk, so a slow but moving
 * download is never cut while a stalled one is. Expiry rejects with an error named TimeoutError.
 */
import type { Http, HttpInit } from '../ports/http.ts';

const timeoutError = (ms: number) => new DOMException(`no progress within ${ms} ms`, 'TimeoutError');

export function nodeHttp(): Http {
  return {
    async fetch(url: string, init: HttpInit): Promise<Response> {
      const timeoutMs = init.timeoutMs;
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => controller.abort(timeoutError(timeoutMs)), timeoutMs);
        timer.unref?.();
      }
      let res: Response;
      try {
        res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, redirect: init.redirect, signal: controller.signal });
      } finally {
        clearTimeout(timer);
      }
      // Null-body statuses (204, 304…) cannot be re-wrapped, and have no body to stall on.
      if (res.body === null || timeoutMs === undefined || [101, 204, 205, 304].includes(res.status)) return res;
      const body = watchProgress(res.body, timeoutMs, (err) => controller.abort(err));
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    },
  };
}

/**
 * Each chunk must arrive within `timeoutMs`. The wrapper errors the read itself rather than relying
 * on the abort signal reaching the body (msw's mocked bodies ignore it; undici's honour it).
 */
function watchProgress(body: ReadableStream<Uint8Array>, timeoutMs: number, abort: (err: unknown) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stalled = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
          timer.unref?.();
        });
        try {
          const { done, value } = await Promise.race([reader.read(), stalled]);
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          controller.error(err);
          abort(err);
          reader.cancel(err).catch(() => {});
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        // Not awaited: a cancel that never settles (msw's mocked bodies) must not hang the caller.
        reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
