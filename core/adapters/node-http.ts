/**
 * Http on Node's global fetch (undici), for core running on a Linux device and for tests (msw
 * intercepts global fetch). The timeout is an inactivity timeout, as the port asks: it covers
 * waiting for the response and then each wait for the next body chunk, so a slow but moving
 * download is never cut while a stalled one is. Expiry rejects with an error named TimeoutError.
 */
import type { Http, HttpInit } from '../ports/http.ts';

export function nodeHttp(): Http {
  return {
    async fetch(url: string, init: HttpInit): Promise<Response> {
      const timeoutMs = init.timeoutMs;
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        if (timeoutMs === undefined) return;
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(new DOMException(`no progress within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
        timer.unref?.();
      };
      const disarm = () => clearTimeout(timer);
      arm();
      let res: Response;
      try {
        res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, redirect: init.redirect, signal: controller.signal });
      } finally {
        disarm();
      }
      // Null-body statuses (204, 304…) cannot be re-wrapped, and have no body to stall on.
      if (res.body === null || timeoutMs === undefined || [101, 204, 205, 304].includes(res.status)) return res;
      return new Response(watchProgress(res.body, arm, disarm), { status: res.status, statusText: res.statusText, headers: res.headers });
    },
  };
}

/** Re-arms the inactivity timer around every chunk the consumer pulls. */
function watchProgress(body: ReadableStream<Uint8Array>, arm: () => void, disarm: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        arm();
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          controller.error(err);
        } finally {
          disarm();
        }
      },
      cancel(reason) {
        disarm();
        // Not awaited: a cancel that never settles (msw's mocked bodies) must not hang the caller.
        reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
