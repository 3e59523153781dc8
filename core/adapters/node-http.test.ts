import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { nodeHttp } from './node-http.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `n` chunks of 10 bytes, `gapMs` apart; then stalls forever if `stall`. */
function trickle(n: number, gapMs: number, stall = false): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      if (sent > 0) await sleep(gapMs);
      if (sent === n) {
        if (stall) await new Promise(() => {});
        c.close();
        return;
      }
      sent += 1;
      c.enqueue(new Uint8Array(10));
    },
  }, { highWaterMark: 0 });
}

async function drain(res: Response): Promise<number> {
  let total = 0;
  const reader = res.body!.getReader();
  for (let s = await reader.read(); !s.done; s = await reader.read()) total += s.value.length;
  return total;
}

describe('nodeHttp', () => {
  it('passes headers and does not follow redirects', async () => {
    let seen: Headers | null = null;
    server.use(http.get('https://h.test/a', ({ request }) => {
      seen = request.headers;
      return new HttpResponse(null, { status: 302, headers: { location: 'https://h.test/b' } });
    }));
    const res = await nodeHttp().fetch('https://h.test/a', { headers: { 'User-Agent': 'ua', Accept: 'x/y' }, redirect: 'manual', timeoutMs: 1000 });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://h.test/b');
    expect(seen!.get('user-agent')).toBe('ua');
  });

  it('does not cut a slow body that keeps moving', async () => {
    server.use(http.get('https://h.test/slow', () => new HttpResponse(trickle(6, 40))));
    const res = await nodeHttp().fetch('https://h.test/slow', { headers: {}, redirect: 'manual', timeoutMs: 150 });
    // 6 chunks × 40 ms = 240 ms in total: longer than the timeout, but never 150 ms without progress.
    expect(await drain(res)).toBe(60);
  });

  it('rejects a stalled body read with a TimeoutError', async () => {
    server.use(http.get('https://h.test/stall', () => new HttpResponse(trickle(2, 10, true))));
    const res = await nodeHttp().fetch('https://h.test/stall', { headers: {}, redirect: 'manual', timeoutMs: 100 });
    await expect(drain(res)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('rejects a request with no response in time with a TimeoutError', async () => {
    server.use(http.get('https://h.test/never', async () => {
      await new Promise(() => {});
      return new HttpResponse(null);
    }));
    await expect(nodeHttp().fetch('https://h.test/never', { headers: {}, redirect: 'manual', timeoutMs: 50 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
