import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Link } from '../link/link.ts';
import type { LinkFault } from '../link/spec.ts';
import { githubHandlers, SIM_TIMEOUT_HEADER } from './msw.ts';
import { API, makeModel, TOKEN } from './test-fixture.ts';

/** Two identical worlds: one reached through msw + global fetch, one through the direct adapter. */
function worlds(faults: LinkFault[]) {
  const make = () => {
    const { model, clock } = makeModel();
    const link = new Link(model, { spec: { latencyMs: 25, bandwidthBytesPerS: 8000 }, faults, advance: (ms) => { clock.t += ms; } });
    return { model, clock, link };
  };
  return { viaMsw: make(), direct: make() };
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
/** Routes global fetch to `link` for the rest of the test. */
const useLink = (link: Link) => server.use(...githubHandlers(link));

async function outcome(res: Response) {
  const headers = Object.fromEntries(['content-type', 'content-length', 'etag', 'location', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'date'].map((h) => [h, res.headers.get(h)]));
  const chunks: Uint8Array[] = [];
  let error: string | undefined;
  try {
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (e) {
    error = (e as Error).message;
  }
  return { status: res.status, headers, bytes: Buffer.concat(chunks).toString('hex'), error };
}

describe('msw path and direct path', () => {
  it('give the same status, headers, bytes and clock, including a drop fault and a redirect chain', async () => {
    const faults: LinkFault[] = [{ kind: 'drop', afterBytes: 6000, urlIncludes: 'big.bin' }, { kind: 'status', status: 503, nth: 2 }];
    const { viaMsw, direct } = worlds(faults);
    const init = { headers: { accept: 'application/octet-stream', authorization: `token ${TOKEN}` } };
    const urls = [
      `${API}/releases/latest`,
      `${API}/releases/latest`,
      'https://raw.githubusercontent.com/acme/fw/v2/big.bin',
      `${API}/releases/assets/200003`,
      'https://raw.githubusercontent.com/acme/fw/main/docs/my%20file%20%231.txt',
    ];
    useLink(viaMsw.link);
    const seen: Awaited<ReturnType<typeof outcome>>[] = [];
    for (const url of urls) {
      const a = await outcome(await fetch(url, init));
      const b = await outcome(await direct.link.fetch(url, init));
      expect(a).toEqual(b);
      seen.push(a);
    }
    expect(seen.map((o) => o.status)).toEqual([200, 503, 200, 200, 200]);
    expect(viaMsw.clock.t).toBe(direct.clock.t);
    expect(viaMsw.model.log).toEqual(direct.model.log);
    expect(viaMsw.link.fired.map((f) => f.nth)).toEqual([2, 3]);
    // The drop really happened (on both paths, by the equality above): 6000 bytes, then an error.
    expect(seen[2]!.bytes.length / 2).toBe(6000);
    expect(seen[2]!.headers['content-length']).toBe('10000');
    expect(seen[2]!.error).toBe('terminated');
    expect(seen[3]!.bytes.length / 2).toBe(5000); // the asset, through API → CDN
    expect(Buffer.from(seen[4]!.bytes, 'hex').toString()).toBe('spaced\n');
  });

  it("msw returns a 3xx as is for redirect: 'manual' and passes Authorization to the handler", async () => {
    const { viaMsw } = worlds([]);
    useLink(viaMsw.link);
    const res = await fetch(`${API}/releases/assets/200003`, { redirect: 'manual', headers: { accept: 'application/octet-stream', authorization: `token ${TOKEN}` } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/objects\.githubusercontent\.com\//);
    expect(viaMsw.model.log).toEqual([expect.objectContaining({ status: 302, authorization: `token ${TOKEN}` })]);
    // Following it, msw drops Authorization on the cross-host hop (the CDN would answer 400 otherwise).
    const followed = await fetch(`${API}/releases/assets/200003`, { headers: { accept: 'application/octet-stream', authorization: `token ${TOKEN}` } });
    expect(followed.status).toBe(200);
    expect(viaMsw.model.log.at(-1)).toMatchObject({ status: 200 });
    expect(viaMsw.model.log.at(-1)!.authorization).toBeUndefined();
  });

  it('reset and dns reject with a TypeError whose cause carries the code; a stall past the timeout header is a TimeoutError', async () => {
    const { viaMsw } = worlds([{ kind: 'reset', nth: 1 }, { kind: 'dns', nth: 2 }, { kind: 'stall', delayMs: 9000, nth: 3 }]);
    useLink(viaMsw.link);
    await expect(fetch(`${API}/releases/latest`)).rejects.toMatchObject({ name: 'TypeError', cause: { code: 'ECONNRESET' } });
    await expect(fetch(`${API}/releases/latest`)).rejects.toMatchObject({ name: 'TypeError', cause: { code: 'ENOTFOUND' } });
    // msw prints thrown errors to stderr; keep the test output clean.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(fetch(`${API}/releases/latest`, { headers: { [SIM_TIMEOUT_HEADER]: '3000' } })).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      quiet.mockRestore();
    }
    expect(viaMsw.model.log).toHaveLength(0);
  });
});
