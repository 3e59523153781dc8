import { describe, expect, it } from 'vitest';
import { GitHubModel } from './model.ts';
import { API, get, json, makeModel, sampleSpec, testClock, text, TOKEN } from './test-fixture.ts';

const SECRET = 'https://api.github.com/repos/acme/secret';

describe('tokens and private repositories', () => {
  it('a private repo is 404 without a token and 200 with one, on the API and raw hosts', () => {
    const { model } = makeModel();
    expect(get(model, `${SECRET}/releases/latest`).status).toBe(404);
    expect(json(get(model, `${SECRET}/releases/latest`, { authorization: `token ${TOKEN}` })).tag_name).toBe('s1');
    expect(get(model, `${SECRET}/git/ref/heads/main`, { authorization: `Bearer ${TOKEN}` }).status).toBe(200);
    const raw = 'https://raw.githubusercontent.com/acme/secret/main/main.py';
    expect(get(model, raw).status).toBe(404);
    expect(text(get(model, raw, { authorization: `token ${TOKEN}` }))).toBe('secret\n');
  });

  it('a bad token is 401 Bad credentials on the API, even for a public repo', () => {
    const { model } = makeModel();
    const res = get(model, `${API}/releases/latest`, { authorization: 'token nope' });
    expect(res.status).toBe(401);
    expect(json(res).message).toBe('Bad credentials');
    expect(get(model, `${API}/releases/latest`, { authorization: 'Basic dXNlcjpwYXNz' }).status).toBe(401);
  });

  it('the browser download URL of a private repo is 404 even with a token', () => {
    const { model } = makeModel();
    const url = 'https://github.com/acme/secret/releases/download/s1/s.bin';
    expect(get(model, url, { authorization: `token ${TOKEN}` }).status).toBe(404);
  });
});

describe('rate limits', () => {
  it('counts down per identity, 403s at zero with the reset header, and resets an hour after first use', () => {
    const spec = { ...sampleSpec(), rateLimit: { anonymous: 3, token: 10 } };
    const clock = testClock();
    const model = new GitHubModel(spec, clock);
    const firstS = Math.floor(clock.t / 1000);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = get(model, `${API}/releases/latest`);
      expect(r.status).toBe(200);
      seen.push(r.headers['x-ratelimit-remaining']!);
      clock.t += 1000;
    }
    expect(seen).toEqual(['2', '1', '0']);
    const blocked = get(model, `${API}/releases/latest`);
    expect(blocked.status).toBe(403);
    expect(blocked.headers['x-ratelimit-remaining']).toBe('0');
    expect(blocked.headers['x-ratelimit-limit']).toBe('3');
    expect(blocked.headers['x-ratelimit-used']).toBe('3');
    expect(blocked.headers['x-ratelimit-resource']).toBe('core');
    expect(blocked.headers['x-ratelimit-reset']).toBe(String(firstS + 3600));
    expect(json(blocked).message).toMatch(/^API rate limit exceeded for /);
    expect(json(blocked).documentation_url).toContain('docs.github.com');
    // The token has its own budget; raw files are not rate limited.
    const withToken = get(model, `${API}/releases/latest`, { authorization: `token ${TOKEN}` });
    expect(withToken.status).toBe(200);
    expect(withToken.headers['x-ratelimit-remaining']).toBe('9');
    expect(get(model, 'https://raw.githubusercontent.com/acme/fw/main/main.py').status).toBe(200);
    // The date header follows the clock (RFC 7231).
    expect(blocked.headers.date).toBe(new Date(clock.t).toUTCString());
    expect(blocked.headers.date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    clock.t = (firstS + 3600) * 1000;
    const fresh = get(model, `${API}/releases/latest`);
    expect(fresh.status).toBe(200);
    expect(fresh.headers['x-ratelimit-remaining']).toBe('2');
    expect(fresh.headers['x-ratelimit-reset']).toBe(String(firstS + 7200));
  });

  it('`remaining` sets the first window; 404s and 401s still count', () => {
    const model = new GitHubModel({ ...sampleSpec(), rateLimit: { remaining: 2 } }, testClock());
    expect(get(model, `${API}/nope`).headers['x-ratelimit-remaining']).toBe('1');
    const bad = get(model, `${API}/releases/latest`, { authorization: 'token wrong' });
    expect(bad.status).toBe(401);
    expect(bad.headers['x-ratelimit-remaining']).toBe('0');
    expect(get(model, `${API}/releases/latest`).status).toBe(403);
    expect(get(model, `${API}/releases/latest`).headers['x-ratelimit-limit']).toBe('60');
  });
});

describe('ETags', () => {
  it('If-None-Match with the ETag gives an empty 304 that still counts', () => {
    const { model } = makeModel();
    const first = get(model, `${API}/git/ref/heads/main`);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const again = get(model, `${API}/git/ref/heads/main`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['x-ratelimit-remaining']).toBe('58');
    // A different ETag, or a changed resource, answers in full.
    const other = get(model, `${API}/git/ref/heads/develop`, { 'if-none-match': etag });
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
  });

  it('raw files have a strong ETag and answer 304 too', () => {
    const { model } = makeModel();
    const url = 'https://raw.githubusercontent.com/acme/fw/main/main.py';
    const etag = get(model, url).headers.etag!;
    expect(get(model, url, { 'if-none-match': etag }).status).toBe(304);
  });

  it('HEAD answers the headers without a body', () => {
    const { model } = makeModel();
    const res = model.handle({ method: 'HEAD', url: `${API}/releases/latest`, headers: {} });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(0);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(100);
  });
});

describe('request log', () => {
  it('records method, url, status, body size and the Authorization header', () => {
    const { model } = makeModel();
    get(model, `${API}/releases/latest`, { authorization: `token ${TOKEN}` });
    get(model, 'https://raw.githubusercontent.com/acme/fw/main/nope');
    expect(model.log).toEqual([
      { method: 'GET', url: `${API}/releases/latest`, status: 200, bodyBytes: expect.any(Number), authorization: `token ${TOKEN}` },
      { method: 'GET', url: 'https://raw.githubusercontent.com/acme/fw/main/nope', status: 404, bodyBytes: 14 },
    ]);
    expect(model.log[0]!.bodyBytes).toBeGreaterThan(500);
  });
});
