import { describe, expect, it } from 'vitest';
import { readCapped } from './read-body.ts';

function chunked(chunks: number, size: number): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent++ < chunks) c.enqueue(new Uint8Array(size));
      else c.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

describe('readCapped', () => {
  it('feeds the watchdog for every chunk it reads (a slow link must not outlast the period)', async () => {
    let feeds = 0;
    const bytes = await readCapped(chunked(5, 100), 'tree', { capBytes: 10_000, code: 'BAD_RESPONSE' }, () => feeds++);
    expect(bytes.length).toBe(500);
    expect(feeds).toBeGreaterThanOrEqual(5);
  });
});
