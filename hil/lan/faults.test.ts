// Each link fault on a real socket, seen by a bare TCP client: which bytes arrived and how the
// connection ended (FIN/RST), plus what the LAN logged for it in GitHub form.
import { afterEach, describe, expect, it } from 'vitest';
import { fileBytes } from '../../sim/github/files.ts';
import { sampleSpec, TOKEN } from '../../sim/github/test-fixture.ts';
import { CAPTIVE_PORTAL_HTML } from '../../sim/link/link.ts';
import type { LinkSpec } from '../../sim/link/spec.ts';
import type { Fault, Scenario } from '../../scenarios/types.ts';
import { lanCannot, preflight, PreflightError, startLan, type Lan } from './index.ts';
import { rawGet } from './test-client.ts';

const BIG = Buffer.from(fileBytes({ random: 10000, seed: 7 }));
const RAW_BIG = 'https://raw.githubusercontent.com/acme/fw/v2/big.bin';
const API_LATEST = 'https://api.github.com/repos/acme/fw/releases/latest';

function scenario(server = sampleSpec()): Scenario {
  return { name: 'lan-test', description: '', device: { config: {} }, server, expect: {} };
}

let open: Lan[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

async function lan(faults: Fault[] = [], link: LinkSpec = {}, server = sampleSpec()): Promise<Lan> {
  const l = await startLan({ scenario: scenario(server), faults, link });
  open.push(l);
  return l;
}

describe('LAN faults on real sockets', () => {
  it('no fault: the whole body, Content-Length, a clean FIN, logged in GitHub form', async () => {
    const l = await lan();
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe('10000');
    expect(got.body.equals(BIG)).toBe(true);
    expect(got.end).toBe('fin');
    expect(l.requests).toMatchObject([{ method: 'GET', url: RAW_BIG, status: 200, bodyBytes: 10000, sentBytes: 10000, authorization: null }]);
    expect(l.requests[0]!.fault).toBeUndefined();
  });

  it('drop: exactly afterBytes body bytes, then RST', async () => {
    const l = await lan([{ kind: 'drop', afterBytes: 1000 }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe('10000');
    expect(got.body.length).toBe(1000);
    expect(got.body.equals(BIG.subarray(0, 1000))).toBe(true);
    expect(got.end).toBe('rst');
    expect(l.requests[0]).toMatchObject({ status: 200, bodyBytes: 10000, sentBytes: 1000 });
    expect(l.events.some((e) => e.kind === 'drop')).toBe(true);
    expect(l.unfired()).toEqual([]);
  });

  it('drop at 0 bytes still sends the head, then RST', async () => {
    const l = await lan([{ kind: 'drop', afterBytes: 0 }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.status).toBe(200);
    expect(got.body.length).toBe(0);
    expect(got.end).toBe('rst');
  });

  it('a drop after the whole body is no drop (as the sim link): full body, FIN', async () => {
    const l = await lan([{ kind: 'drop', afterBytes: 10000 }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.body.equals(BIG)).toBe(true);
    expect(got.end).toBe('fin');
  });

  it('truncate: afterBytes body bytes, then a clean FIN, Content-Length still the full size', async () => {
    const l = await lan([{ kind: 'truncate', afterBytes: 4500 }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.headers['content-length']).toBe('10000');
    expect(got.body.equals(BIG.subarray(0, 4500))).toBe(true);
    expect(got.end).toBe('fin');
    expect(l.requests[0]!.sentBytes).toBe(4500);
  });

  it('reset: RST before any response byte; logged with no status', async () => {
    const l = await lan([{ kind: 'reset' }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.raw.length).toBe(0);
    expect(got.end).toBe('rst');
    expect(l.requests[0]).toMatchObject({ url: RAW_BIG, status: null, fault: 'reset', sentBytes: 0 });
    expect(l.github.log).toEqual([]); // GitHub never saw it, as in the sim
  });

  it('stall: nothing for delayMs with the socket open, then the answer', async () => {
    const l = await lan([{ kind: 'stall', delayMs: 300 }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.firstByteMs).toBeGreaterThanOrEqual(290);
    expect(got.body.equals(BIG)).toBe(true);
    expect(l.requests[0]).toMatchObject({ status: 200 });
  });

  it('stall: a client that gives up first is logged like the sim logs a timeout (no status, fault stall)', async () => {
    const l = await lan([{ kind: 'stall', delayMs: 2000 }]);
    const got = await rawGet(l.toLan(RAW_BIG), { giveUpMs: 150 });
    expect(got.raw.length).toBe(0);
    expect(got.end).toBe('gave-up');
    await new Promise((r) => setTimeout(r, 50)); // the server sees the close
    expect(l.requests[0]).toMatchObject({ status: null, fault: 'stall', clientClosed: true, bodyBytes: 0 });
  });

  it('close() during a long stall returns at once and ends the held connection', async () => {
    const l = await startLan({ scenario: scenario(), faults: [{ kind: 'stall', delayMs: 60_000 }] });
    const pending = rawGet(l.toLan(RAW_BIG), { giveUpMs: 3000 });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await l.close();
    expect(performance.now() - t0).toBeLessThan(500);
    const got = await pending;
    expect(got.raw.length).toBe(0);
    expect(got.end).not.toBe('gave-up');
    expect(l.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['listen', 'request', 'fault', 'stall', 'close']));
  });

  it('status: the substituted answer with retry-after, GitHub never asked', async () => {
    const l = await lan([{ kind: 'status', status: 429, retryAfterS: 7 }]);
    const got = await rawGet(l.toLan(API_LATEST));
    expect(got.status).toBe(429);
    expect(got.headers['retry-after']).toBe('7');
    expect(JSON.parse(got.body.toString()).message).toMatch(/secondary rate limit/);
    expect(l.requests[0]).toMatchObject({ status: 429, fault: 'status' });
    expect(Buffer.from(l.requests[0]!.refusedBody!).equals(got.body)).toBe(true);
    expect(l.github.log).toEqual([]);
  });

  it('html: a 200 captive portal page instead of the file', async () => {
    const l = await lan([{ kind: 'html', urlIncludes: 'big.bin' }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(got.body.toString()).toBe(CAPTIVE_PORTAL_HTML);
    expect(l.requests[0]!.fault).toBe('html');
  });

  it('corrupt: exactly one bit of byte `byte` flipped, everything else intact', async () => {
    const l = await lan([{ kind: 'corrupt', byte: 777 }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.body.length).toBe(BIG.length);
    const diffs = [...got.body].flatMap((b, i) => (b !== BIG[i] ? [i] : []));
    expect(diffs).toEqual([777]);
    expect(got.body[777]! ^ BIG[777]!).toBe(1);
  });

  it('bandwidth: the body is paced in real time', async () => {
    const l = await lan([], { bandwidthBytesPerS: 40_000 });
    const t0 = performance.now();
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.body.equals(BIG)).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240); // 10000 B at 40 kB/s = 250 ms
  });

  it('matching as the sim link: nth, urlIncludes, times; unfired lists what never fired', async () => {
    const faults: Fault[] = [
      { kind: 'status', status: 500, nth: 2 },
      { kind: 'status', status: 502, urlIncludes: 'raw.', times: 2 },
      { kind: 'status', status: 503, nth: 99 },
    ];
    const l = await lan(faults);
    const statuses: (number | null)[] = [];
    for (const u of [API_LATEST, API_LATEST, RAW_BIG, RAW_BIG, RAW_BIG, API_LATEST]) statuses.push((await rawGet(l.toLan(u))).status);
    expect(statuses).toEqual([200, 500, 502, 502, 200, 200]);
    expect(l.unfired()).toEqual([faults[2]]);
    expect(l.unfired()[0]).toBe(faults[2]); // the very object, as the lab compares
  });

  it('device faults are not the LAN\'s: ignored here and never listed as unfired', async () => {
    const cut: Fault = { kind: 'power-cut', op: 3 };
    const l = await lan([cut]);
    expect(lanCannot(cut)).toBeNull();
    expect(l.unfired()).toEqual([]);
  });

  it('dns cannot be made on a LAN: lanCannot says why and startLan refuses the plan', async () => {
    expect(lanCannot({ kind: 'dns' })).toMatch(/IP address/);
    for (const kind of ['drop', 'reset', 'stall', 'status', 'html', 'truncate', 'corrupt'] as const) {
      expect(lanCannot({ kind, afterBytes: 1, delayMs: 1, status: 500, byte: 0 } as Fault)).toBeNull();
    }
    await expect(startLan({ scenario: scenario(), faults: [{ kind: 'dns' }] })).rejects.toThrow(/cannot make dns/);
  });
});

describe('URLs between GitHub and the LAN', () => {
  it('an API asset URL in JSON leads, through redirects rewritten to LAN origins, to the asset bytes; the token stays on the API host', async () => {
    const l = await lan();
    const rel = await fetch(l.toLan('https://api.github.com/repos/acme/fw/releases/tags/v2'), { headers: { authorization: `token ${TOKEN}` } });
    const asset = ((await rel.json()) as { assets: { name: string; url: string }[] }).assets.find((a) => a.name === 'fw.bin')!;
    expect(asset.url.startsWith(l.apiBase + '/repos/acme/fw/releases/assets/')).toBe(true);
    const res = await fetch(asset.url, { headers: { authorization: `token ${TOKEN}`, accept: 'application/octet-stream' } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(fileBytes({ random: 5000, seed: 3 })))).toBe(true);
    const hosts = l.requests.map((r) => [new URL(r.url).host, r.status, r.authorization !== null]);
    expect(hosts).toEqual([
      ['api.github.com', 200, true],
      ['api.github.com', 302, true],
      ['objects.githubusercontent.com', 200, false],
    ]);
  });

  it('a redirect to a third host lands on its own listener, logged under that host, without the token', async () => {
    const server = sampleSpec();
    server.redirects = [{ urlIncludes: '/main.py', location: 'https://mirror.example.net/fw/copy.py' }];
    const l = await lan([], {}, server);
    const mirror = l.origins.find((o) => o.github === 'https://mirror.example.net')!;
    const first = await rawGet(l.toLan('https://raw.githubusercontent.com/acme/fw/v1/main.py'), { headers: { authorization: `token ${TOKEN}` } });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(`${mirror.lan}/fw/copy.py`);
    const res = await fetch(l.toLan('https://raw.githubusercontent.com/acme/fw/v1/main.py'), { headers: { authorization: `token ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(l.requests.at(-1)).toMatchObject({ url: 'https://mirror.example.net/fw/copy.py', status: 404, authorization: null });
  });

  it('fixed ports: the API on `port`, raw on port+1', async () => {
    const probe = await startLan({ scenario: scenario(), faults: [] });
    const base = Number(new URL(probe.apiBase).port);
    await probe.close();
    const l = await startLan({ scenario: scenario(), faults: [], port: base });
    open.push(l);
    expect(l.apiBase).toBe(`http://127.0.0.1:${base}`);
    expect(l.rawBase).toBe(`http://127.0.0.1:${base + 1}`);
  });
});

describe('preflight', () => {
  it('reaches every listener, and fails with the unreachable URL when the LAN is gone', async () => {
    const l = await lan();
    const ok = await preflight(l);
    expect(ok.reached.map((r) => r.github)).toEqual(l.origins.map((o) => o.github));
    expect(l.events.filter((e) => e.kind === 'ping')).toHaveLength(l.origins.length);
    expect(l.requests).toEqual([]); // pings are not the updater's requests
    await l.close();
    open = [];
    await expect(preflight(l)).rejects.toBeInstanceOf(PreflightError);
  });

  it('refuses a server that is not the LAN', async () => {
    const l = await lan();
    const fake = { origins: [{ role: 'api' as const, github: 'https://api.github.com', lan: l.rawBase.replace(/:\d+$/, ':1') }] };
    await expect(preflight(fake)).rejects.toThrow(/unreachable/);
    await expect(preflight(l, async () => ({ status: 200, text: async () => 'hello' }))).rejects.toThrow(/other than the otalab LAN ping/);
  });
});
