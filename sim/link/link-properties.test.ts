import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Http } from '../../core/ports/http.ts';
import type { SimResponse } from '../github/http-types.ts';
import { Link } from './link.ts';

/** A one-route server: every request gets `body`. */
const serving = (body: Uint8Array) => ({
  handle: (): SimResponse => ({ status: 200, headers: { 'content-length': String(body.length) }, body }),
});

async function drain(res: Response): Promise<{ bytes: number; errored: boolean }> {
  const reader = res.body!.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, errored: false };
      bytes += value.length;
    }
  } catch {
    return { bytes, errored: true };
  }
}

describe('link properties', () => {
  it("serves core's Http port shape (init with redirect: 'manual' and timeoutMs)", async () => {
    const port: Http = new Link(serving(new Uint8Array([7, 8])), { advance: () => {} });
    const res = await port.fetch('https://x.test/f', { headers: {}, redirect: 'manual', timeoutMs: 100 });
    expect(res.status).toBe(200);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([7, 8]);
  });

  it('a cut delivers exactly min(afterBytes, size) bytes; drop errors (if it cuts the body short), truncate ends cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 25_000 }), fc.constantFrom('drop' as const, 'truncate' as const), async (size, afterBytes, kind) => {
        const link = new Link(serving(new Uint8Array(size)), { faults: [{ kind, afterBytes }], advance: () => {} });
        const got = await drain(await link.fetch('https://x.test/f'));
        expect(got.bytes).toBe(Math.min(afterBytes, size));
        expect(got.errored).toBe(kind === 'drop' && afterBytes < size);
      }),
      { numRuns: 60 },
    );
  });

  it('time charged for bodies is floor(total bytes × 1000 / rate), however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 0, max: 100 }), async (sizes, rate, latencyMs) => {
        let i = 0;
        const server = { handle: (): SimResponse => ({ status: 200, headers: {}, body: new Uint8Array(sizes[i++]!) }) };
        let elapsed = 0;
        const link = new Link(server, { spec: { bandwidthBytesPerS: rate, latencyMs }, advance: (ms) => { elapsed += ms; } });
        for (const _ of sizes) await drain(await link.fetch('https://x.test/f'));
        const total = sizes.reduce((a, b) => a + b, 0);
        expect(elapsed).toBe(Math.floor((total * 1000) / rate) + latencyMs * sizes.length);
      }),
      { numRuns: 60 },
    );
  });
});
