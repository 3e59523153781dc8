import { describe, expect, it } from 'vitest';
import { fileBytes } from '../github/files.ts';
import { API, makeModel, TOKEN } from '../github/test-fixture.ts';
import { CAPTIVE_PORTAL_HTML, Link } from './link.ts';
import type { LinkFault, LinkSpec } from './spec.ts';

const RAW = 'https://raw.githubusercontent.com/acme/fw/main';
const BIG = fileBytes({ random: 10000, seed: 7 });

function setup(faults: LinkFault[] = [], spec: LinkSpec = {}) {
  const { model, clock } = makeModel();
  const advances: number[] = [];
  const link = new Link(model, { spec, faults, advance: (ms) => { advances.push(ms); clock.t += ms; } });
  const get = (url: string, extra: { timeoutMs?: number; headers?: Record<string, string> } = {}) =>
    link.exchange({ method: 'GET', url, headers: extra.headers ?? {}, ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}) });
  return { model, clock, link, advances, get };
}

async function readAll(res: Response): Promise<{ bytes: Uint8Array; error?: unknown }> {
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    return { bytes: new Uint8Array(Buffer.concat(chunks)) };
  } catch (error) {
    return { bytes: new Uint8Array(Buffer.concat(chunks)), error };
  }
}

describe('fault matching', () => {
  it('nth hits exactly that request; times extends to the following matches; unfired lists the rest', () => {
    const faults: LinkFault[] = [
      { kind: 'status', status: 500, nth: 2 },
      { kind: 'status', status: 502, urlIncludes: 'raw.', times: 2 },
      { kind: 'status', status: 503, nth: 99 },
    ];
    const { link, get } = setup(faults);
    const statuses = [get(`${API}/releases/latest`), get(`${API}/releases/latest`), get(`${RAW}/main.py`), get(`${RAW}/main.py`), get(`${RAW}/main.py`), get(`${API}/releases/latest`)].map((x) => ('response' in x ? x.response.status : x.error));
    expect(statuses).toEqual([200, 500, 502, 502, 200, 200]);
    expect(link.fired.map((f) => [f.index, f.nth])).toEqual([[0, 2], [1, 3], [1, 4]]);
    expect(link.unfired()).toEqual([faults[2]]);
    expect(link.requests).toBe(6);
  });

  it('a fault that fired fewer than `times` times did fire: unfired means never fired', () => {
    const faults: LinkFault[] = [{ kind: 'status', status: 500, times: 1000 }];
    const { link, get } = setup(faults);
    get(`${API}/releases/latest`);
    expect(link.unfired()).toEqual([]);
  });

  it('nth with urlIncludes fires on the first matching request at or after nth', () => {
    const { get } = setup([{ kind: 'reset', nth: 2, urlIncludes: 'raw.' }]);
    expect('response' in get(`${RAW}/main.py`)).toBe(true); // request 1: before nth
    expect('response' in get(`${API}/releases/latest`)).toBe(true); // request 2: not raw
    expect(get(`${RAW}/main.py`)).toEqual({ error: 'reset' });
  });
});

describe('request log', () => {
  it('lists every request, whoever answered it: the server, or a fault in its place', () => {
    const { model, link, get } = setup([{ kind: 'dns', nth: 1 }, { kind: 'status', status: 503, nth: 2 }, { kind: 'stall', delayMs: 5000, nth: 3 }]);
    get(`${API}/releases/latest`, { headers: { authorization: `token ${TOKEN}` } });
    get(`${API}/releases/latest`);
    get(`${RAW}/main.py`, { timeoutMs: 1000 });
    get(`${RAW}/main.py`);
    expect(link.log.map((r) => [r.url.startsWith(API) ? 'api' : 'raw', r.status, r.fault ?? null])).toEqual([
      ['api', null, 'dns'],
      ['api', 503, 'status'],
      ['raw', null, 'stall'],
      ['raw', 200, null],
    ]);
    expect(link.log[0]!.authorization).toBe(`token ${TOKEN}`);
    expect(model.log).toHaveLength(1); // the server saw only the last one
  });
});

describe('fault kinds (sync core)', () => {
  it('status substitutes the answer (with retry-after) without reaching the model', () => {
    const { model, get } = setup([{ kind: 'status', status: 429, retryAfterS: 60 }]);
    const ex = get(`${API}/releases/latest`);
    if (!('response' in ex)) throw new Error('expected a response');
    expect(ex.response.status).toBe(429);
    expect(ex.response.headers['retry-after']).toBe('60');
    expect(JSON.parse(Buffer.from(ex.response.body).toString()).message).toMatch(/secondary rate limit/);
    expect(model.log).toHaveLength(0);
  });

  it('reset and dns are errors, html is a 200 captive portal, corrupt flips one bit', () => {
    const { get } = setup([{ kind: 'reset', nth: 1 }, { kind: 'dns', nth: 2 }, { kind: 'html', nth: 3 }, { kind: 'corrupt', byte: 100, nth: 4 }]);
    expect(get(`${RAW}/main.py`)).toEqual({ error: 'reset' });
    expect(get(`${RAW}/main.py`)).toEqual({ error: 'dns' });
    const html = get(`${RAW}/main.py`);
    if (!('response' in html)) throw new Error('expected a response');
    expect(html.response.status).toBe(200);
    expect(html.response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Buffer.from(html.response.body).toString()).toBe(CAPTIVE_PORTAL_HTML);
    const bad = get(`${RAW}/big.bin`);
    if (!('response' in bad)) throw new Error('expected a response');
    const diff = [...bad.response.body].flatMap((b, i) => (b !== BIG[i] ? [[i, b ^ BIG[i]!]] : []));
    expect(diff).toEqual([[100, 1]]);
  });

  it('keeps the body of every response the updater must refuse (non-2xx, a fault\'s page), and of no other', () => {
    const { get, link } = setup([{ kind: 'status', status: 500, nth: 1 }, { kind: 'html', nth: 2 }]);
    get(`${RAW}/main.py`);
    get(`${RAW}/main.py`);
    get(`${RAW}/missing.py`); // the server's own 404 page
    get(`${RAW}/main.py`); // a good answer
    expect(Buffer.from(link.log[0]!.refusedBody!).toString()).toContain('Simulated HTTP 500');
    expect(Buffer.from(link.log[1]!.refusedBody!).toString()).toBe(CAPTIVE_PORTAL_HTML);
    expect(link.log[2]!.status).toBe(404);
    expect(link.log[2]!.refusedBody?.length).toBeGreaterThan(0);
    expect(link.log[3]!.status).toBe(200);
    expect(link.log[3]!.refusedBody).toBeUndefined();
  });

  it('drop and truncate mark the body cut; the smaller cut wins', () => {
    const { get } = setup([{ kind: 'drop', afterBytes: 300, nth: 1 }, { kind: 'truncate', afterBytes: 700, nth: 1 }, { kind: 'truncate', afterBytes: 10, nth: 2 }]);
    const a = get(`${RAW}/big.bin`);
    expect('response' in a && a.bodyCut).toEqual({ afterBytes: 300, mode: 'drop' });
    const b = get(`${RAW}/big.bin`);
    expect('response' in b && b.bodyCut).toEqual({ afterBytes: 10, mode: 'truncate' });
  });

  it('a stall within the timeout delays; a longer one advances exactly timeoutMs and times out', () => {
    const { get, advances, model } = setup([{ kind: 'stall', delayMs: 5000, nth: 1 }, { kind: 'stall', delayMs: 5000, nth: 2 }]);
    const slow = get(`${RAW}/main.py`, { timeoutMs: 5000 });
    expect('response' in slow && slow.response.status).toBe(200);
    expect(get(`${RAW}/main.py`, { timeoutMs: 4999 })).toEqual({ error: 'timeout' });
    expect(advances).toEqual([5000, 4999]);
    expect(model.log).toHaveLength(1);
  });

  it('rejects a nonsense schedule', () => {
    expect(() => setup([{ kind: 'reset', times: 0 }])).toThrow(/Failed to schedule reset fault/);
  });
});

describe('direct fetch adapter', () => {
  it('latency per request and bandwidth per body byte advance the clock as computed', async () => {
    const { link, clock } = setup([], { latencyMs: 40, bandwidthBytesPerS: 4000 });
    const t0 = clock.t;
    const res = await link.fetch(`${RAW}/big.bin`);
    expect(clock.t - t0).toBe(40); // headers only so far
    const { bytes } = await readAll(res);
    expect(bytes).toEqual(BIG);
    // 10000 bytes at 4000 B/s = 2500 ms, plus 40 ms latency.
    expect(clock.t - t0).toBe(2540);
    await (await link.fetch(`${RAW}/main.py`)).arrayBuffer();
    // 9 more bytes: total 10009 B → floor(2502.25) = 2502 ms of transfer, plus 2 × 40 ms.
    expect(clock.t - t0).toBe(2582);
  });

  it('drop errors the stream after exactly afterBytes; truncate ends it cleanly with the full Content-Length', async () => {
    const { link } = setup([{ kind: 'drop', afterBytes: 5000, nth: 1 }, { kind: 'truncate', afterBytes: 1234, nth: 2 }]);
    const dropped = await link.fetch(`${RAW}/big.bin`);
    expect(dropped.status).toBe(200);
    const a = await readAll(dropped);
    expect(a.bytes).toEqual(BIG.slice(0, 5000));
    expect(a.error).toBeInstanceOf(TypeError);
    expect((a.error as TypeError).message).toBe('terminated');
    const cut = await link.fetch(`${RAW}/big.bin`);
    expect(cut.headers.get('content-length')).toBe('10000');
    const b = await readAll(cut);
    expect(b.error).toBeUndefined();
    expect(b.bytes).toEqual(BIG.slice(0, 1234));
  });

  it('reset and dns reject with TypeError("fetch failed") whose cause names the failure; a stall times out', async () => {
    const { link, clock } = setup([{ kind: 'reset', nth: 1 }, { kind: 'dns', nth: 2 }, { kind: 'stall', delayMs: 60_000, nth: 3 }]);
    await expect(link.fetch(`${RAW}/main.py`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNRESET' } });
    await expect(link.fetch(`${RAW}/main.py`)).rejects.toMatchObject({ name: 'TypeError', cause: { code: 'ENOTFOUND' } });
    const t0 = clock.t;
    await expect(link.fetch(`${RAW}/main.py`, { timeoutMs: 10_000 })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(clock.t - t0).toBe(10_000);
  });

  it("returns a 3xx as is with redirect: 'manual' and follows it otherwise, dropping Authorization across hosts", async () => {
    const { link, model } = setup();
    const assetsUrl = `${API}/releases/assets/200003`;
    const manual = await link.fetch(assetsUrl, { headers: { Accept: 'application/octet-stream', Authorization: `token ${TOKEN}` }, redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toMatch(/^https:\/\/objects\.githubusercontent\.com\//);
    const followed = await link.fetch(assetsUrl, { headers: { Accept: 'application/octet-stream', Authorization: `token ${TOKEN}` } });
    expect(followed.status).toBe(200);
    expect(followed.redirected).toBe(true);
    expect(followed.url).toMatch(/^https:\/\/objects\./);
    expect(new Uint8Array(await followed.arrayBuffer())).toEqual(fileBytes({ random: 5000, seed: 3 }));
    const cdnHits = model.log.filter((e) => e.url.includes('objects.'));
    expect(cdnHits).toHaveLength(1);
    expect(cdnHits[0]!.authorization).toBeUndefined();
  });

  it('304 and HEAD have a null body', async () => {
    const { link } = setup();
    const first = await link.fetch(`${API}/releases/latest`);
    const again = await link.fetch(`${API}/releases/latest`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    const head = await link.fetch(`${API}/releases/latest`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });
});
