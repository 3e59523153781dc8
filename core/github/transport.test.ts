import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { nodeHttp } from '../adapters/node-http.ts';
import { isOtaError, type OtaError } from '../errors.ts';
import { Transport } from './transport.ts';
import { API, RAW, REPO_API, fakeTime, recordingLog, testConfig } from './test-kit.ts';
import type { Config } from '../config/types.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(overrides: Partial<Config> = {}) {
  const time = fakeTime();
  const log = recordingLog();
  const transport = new Transport({ http: nodeHttp(), clock: time.clock, watchdog: time.watchdog, log }, testConfig(overrides));
  return { time, log, transport };
}

/** Serves `responses` in order (the last one repeats) and records every request. */
function sequence(url: string, responses: Array<() => Response>) {
  const seen: Request[] = [];
  server.use(
    http.get(url, ({ request }) => {
      seen.push(request);
      return responses[Math.min(seen.length, responses.length) - 1]!();
    }),
  );
  return seen;
}

async function failure(p: Promise<unknown>): Promise<OtaError> {
  try {
    await p;
  } catch (err) {
    if (isOtaError(err)) return err;
    throw err;
  }
  throw new Error('expected an OtaError, got success');
}

const ok = () => HttpResponse.json({ ok: true });

describe('headers', () => {
  it('sends UA, API Accept, API version and the token to the API host', async () => {
    const seen = sequence(`${REPO_API}/x`, [ok]);
    await setup({ token: 'sekret' }).transport.get({ url: `${REPO_API}/x`, accept: 'json' });
    const h = seen[0]!.headers;
    expect(h.get('user-agent')).toBe('otalab-test');
    expect(h.get('accept')).toBe('application/vnd.github+json');
    expect(h.get('x-github-api-version')).toBe('2022-11-28');
    expect(h.get('authorization')).toBe('token sekret');
  });

  it('sends octet-stream and the token to the raw host, without the API version', async () => {
    const seen = sequence(`${RAW}/acme/widget/c0ffee/main.py`, [() => new HttpResponse('x')]);
    await setup({ token: 'sekret' }).transport.get({ url: `${RAW}/acme/widget/c0ffee/main.py`, accept: 'bytes' });
    const h = seen[0]!.headers;
    expect(h.get('accept')).toBe('application/octet-stream');
    expect(h.get('authorization')).toBe('token sekret');
    expect(h.get('x-github-api-version')).toBeNull();
  });

  it('never sends the token to another host, nor when none is set', async () => {
    const seen = sequence('https://mirror.example.com/f', [() => new HttpResponse('x')]);
    await setup({ token: 'sekret' }).transport.get({ url: 'https://mirror.example.com/f', accept: 'bytes' });
    const api = sequence(`${REPO_API}/y`, [ok]);
    await setup({ token: null }).transport.get({ url: `${REPO_API}/y`, accept: 'json' });
    expect(seen[0]!.headers.get('authorization')).toBeNull();
    expect(api[0]!.headers.get('authorization')).toBeNull();
  });
});

describe('redirects', () => {
  it('drops Authorization on a cross-host hop and keeps it on a same-host hop', async () => {
    const first = sequence(`${API}/repos/acme/widget/releases/assets/7`, [() => new HttpResponse(null, { status: 302, headers: { location: '/repos/acme/widget/releases/assets/7b' } })]);
    const second = sequence(`${API}/repos/acme/widget/releases/assets/7b`, [() => new HttpResponse(null, { status: 302, headers: { location: 'https://objects.example.com/blob?sig=1' } })]);
    const cdn = sequence('https://objects.example.com/blob', [() => new HttpResponse('payload')]);
    const res = await setup({ token: 'sekret' }).transport.get({ url: `${API}/repos/acme/widget/releases/assets/7`, accept: 'bytes' });
    expect(await res.text()).toBe('payload');
    expect(first[0]!.headers.get('authorization')).toBe('token sekret');
    expect(second[0]!.headers.get('authorization')).toBe('token sekret');
    expect(cdn[0]!.headers.get('authorization')).toBeNull();
    expect(cdn[0]!.headers.get('accept')).toBe('application/octet-stream');
  });

  it('follows 5 hops and refuses the 6th', async () => {
    const hop = (to: string) => () => new HttpResponse(null, { status: 307, headers: { location: to } });
    for (let i = 0; i < 6; i++) sequence(`${API}/r${i}`, [hop(`${API}/r${i + 1}`)]);
    sequence(`${API}/r5-ok`, [ok]);
    sequence(`${API}/s0`, [hop(`${API}/s1`)]);
    for (let i = 1; i < 5; i++) sequence(`${API}/s${i}`, [hop(i === 4 ? `${API}/r5-ok` : `${API}/s${i + 1}`)]);
    const { transport } = setup();
    expect((await transport.get({ url: `${API}/s0`, accept: 'json' })).status).toBe(200);
    const err = await failure(transport.get({ url: `${API}/r0`, accept: 'json' }));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(/too many redirects/);
  });
});

describe('retries', () => {
  it('retries 5xx with exponential backoff slept in fed 1 s slices', async () => {
    const seen = sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 502 }), () => new HttpResponse(null, { status: 503 }), ok]);
    const { transport, time } = setup({ http_retries: 3, backoff_sec: 3, max_backoff_sec: 60 });
    expect((await transport.get({ url: `${REPO_API}/x`, accept: 'json' })).status).toBe(200);
    expect(seen).toHaveLength(3);
    // 3 s then 6 s, each in 1000 ms slices.
    expect(time.sleeps).toEqual(Array(9).fill(1000));
    expect(time.feeds()).toBeGreaterThanOrEqual(9);
  });

  it('caps the backoff at max_backoff_sec', async () => {
    sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 500 })]);
    const { transport, time } = setup({ http_retries: 4, backoff_sec: 2, max_backoff_sec: 5 });
    const err = await failure(transport.get({ url: `${REPO_API}/x`, accept: 'json' }));
    expect(err.code).toBe('HTTP_STATUS');
    expect(err.message).toBe('HTTP 500 from api.github.com after 4 attempts');
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe((2 + 4 + 5) * 1000);
  });

  it('makes exactly http_retries attempts on network errors, then NETWORK', async () => {
    const seen = sequence(`${REPO_API}/x`, [() => HttpResponse.error()]);
    const err = await failure(setup({ http_retries: 3 }).transport.get({ url: `${REPO_API}/x`, accept: 'json' }));
    expect(seen).toHaveLength(3);
    expect(err.code).toBe('NETWORK');
    expect(err.message).toMatch(/network error contacting api\.github\.com: .*\(3 attempts\)/);
  });

  it.each([
    [401, 'UNAUTHORIZED'],
    [403, 'HTTP_STATUS'],
    [404, 'NOT_FOUND'],
    [422, 'HTTP_STATUS'],
  ] as const)('never retries %i (→ %s)', async (status, code) => {
    const seen = sequence(`${REPO_API}/x`, [() => new HttpResponse('{"message":"nope"}', { status })]);
    const { transport, time } = setup({ http_retries: 5 });
    const err = await failure(transport.get({ url: `${REPO_API}/x`, accept: 'json', notFound: 'branch main not found in acme/widget' }));
    expect(err.code).toBe(code);
    expect(seen).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('turns a silent stall into a timeout, retried, then NETWORK', async () => {
    const seen = sequence(`${REPO_API}/slow`, [() => new HttpResponse(null)]);
    server.use(http.get(`${REPO_API}/slow`, async ({ request }) => {
      seen.push(request);
      await delay('infinite');
      return ok();
    }));
    const err = await failure(setup({ http_retries: 2, http_timeout_sec: 0.05 }).transport.get({ url: `${REPO_API}/slow`, accept: 'json' }));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toMatch(/no response within 0\.05 s/);
    expect(seen).toHaveLength(2);
  });
});

describe('status messages', () => {
  it('says what was not found, and suggests a token without one', async () => {
    sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 404 })]);
    const spec = { url: `${REPO_API}/x`, accept: 'json' as const, notFound: 'branch main not found in acme/widget' };
    const anon = await failure(setup().transport.get(spec));
    expect(anon.message).toBe('branch main not found in acme/widget; if acme/widget is private, set `token` in ota_config.json');
    const authed = await failure(setup({ token: 't' }).transport.get(spec));
    expect(authed.message).toBe('branch main not found in acme/widget');
  });

  it('explains a rejected token', async () => {
    sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 401 })]);
    const err = await failure(setup({ token: 'bad' }).transport.get({ url: `${REPO_API}/x`, accept: 'json' }));
    expect(err.message).toBe('token rejected: check `token` in ota_config.json, needs read access to acme/widget');
  });
});

describe('rate limits', () => {
  const NOW = 1_700_000_000_000;

  it('defers on an exhausted primary limit without retrying, in device time', async () => {
    // The server's clock is 1 h ahead of the device's; the limit resets 10 min after server-now.
    const serverNow = NOW + 3_600_000;
    const seen = sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 403, headers: {
      'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String((serverNow + 600_000) / 1000), date: new Date(serverNow).toUTCString(),
    } })]);
    const { transport, time } = setup();
    const err = await failure(transport.get({ url: `${REPO_API}/x`, accept: 'json' }));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.details.resetAt).toBe(NOW + 600_000);
    expect(err.message).toMatch(/60 requests\/hour without a token.*10 min.*token/);
    expect(seen).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('waits out a short secondary limit and retries', async () => {
    const seen = sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '5' } }), ok]);
    const { transport, time } = setup();
    expect((await transport.get({ url: `${REPO_API}/x`, accept: 'json' })).status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('defers a long secondary limit by at least 60 s', async () => {
    sequence(`${REPO_API}/a`, [() => new HttpResponse(null, { status: 403, headers: { 'retry-after': '40' } })]);
    sequence(`${REPO_API}/b`, [() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '120' } })]);
    const { transport, time } = setup();
    const a = await failure(transport.get({ url: `${REPO_API}/a`, accept: 'json' }));
    const b = await failure(transport.get({ url: `${REPO_API}/b`, accept: 'json' }));
    expect([a.code, a.details.resetAt]).toEqual(['RATE_LIMITED', NOW + 60_000]);
    expect([b.code, b.details.resetAt]).toEqual(['RATE_LIMITED', NOW + 120_000]);
    expect(time.sleeps).toEqual([]);
  });

  it('honours retry-after on a 503 over the shorter backoff', async () => {
    sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 503, headers: { 'retry-after': '10' } }), ok]);
    const { transport, time } = setup({ backoff_sec: 3 });
    await transport.get({ url: `${REPO_API}/x`, accept: 'json' });
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('keeps the retry-after of a last attempt for the backoff before the next check', async () => {
    sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 503, headers: { 'retry-after': '300' } })]);
    const err = await failure(setup({ http_retries: 1 }).transport.get({ url: `${REPO_API}/x`, accept: 'json' }));
    expect(err.code).toBe('HTTP_STATUS');
    expect(err.details.retryAfterMs).toBe(300_000);
  });

  it('answers a 304 only to a conditional request: sent If-None-Match, else BAD_RESPONSE', async () => {
    const seen = sequence(`${REPO_API}/x`, [() => new HttpResponse(null, { status: 304 })]);
    const { transport } = setup();
    expect((await transport.get({ url: `${REPO_API}/x`, accept: 'json', ifNoneMatch: 'W/"e"' })).status).toBe(304);
    expect(seen[0]!.headers.get('if-none-match')).toBe('W/"e"');
    expect((await failure(transport.get({ url: `${REPO_API}/x`, accept: 'json' }))).code).toBe('BAD_RESPONSE');
    expect(seen[1]!.headers.get('if-none-match')).toBeNull();
  });

  it('remembers the rate-limit state of every API response', async () => {
    sequence(`${REPO_API}/x`, [() => HttpResponse.json({}, { headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1700003600' } })]);
    const { transport } = setup();
    expect(transport.rateLimit).toBeNull();
    await transport.get({ url: `${REPO_API}/x`, accept: 'json' });
    expect(transport.rateLimit).toEqual({ limit: 5000, remaining: 4999, resetAt: 1_700_003_600_000 });
  });
});
