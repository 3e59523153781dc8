import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { nodeHttp } from '../adapters/node-http.ts';
import { readTree, testPorts, useTempRoots, writeTree } from '../commit/test-kit.ts';
import { GitHubClient } from '../github/index.ts';
import { REPO_API, testConfig } from '../github/test-kit.ts';
import type { Config } from '../config/types.ts';
import type { Ports } from '../ports/index.ts';
import { readOtaState } from '../state/index.ts';
import { lookupTarget, noteCheck } from './conditional-lookup.ts';
import { intervalDeferral } from './interval-gate.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const root = useTempRoots();

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const ETAG = 'W/"abc"';

/** The branch ref answers with C1 and ETAG, or 304 when asked If-None-Match: ETAG. Records If-None-Match of each request. */
function branchRef(commit = C1) {
  const seen: (string | null)[] = [];
  server.use(
    http.get(`${REPO_API}/git/ref/heads/main`, ({ request }) => {
      const inm = request.headers.get('if-none-match');
      seen.push(inm);
      if (inm === ETAG) return new HttpResponse(null, { status: 304, headers: { etag: ETAG } });
      return HttpResponse.json({ object: { type: 'commit', sha: commit } }, { headers: { etag: ETAG } });
    }),
  );
  return seen;
}

function setup(overrides: Partial<Config> = {}, files: Record<string, string> = {}) {
  const r = root();
  writeTree(r.dir, files);
  const config = testConfig(overrides);
  const ports = { ...testPorts(r.flash), http: nodeHttp() } as unknown as Ports & ReturnType<typeof testPorts>;
  return { r, config, ports, client: new GitHubClient(ports, config) };
}

const state = (lookup: unknown) => JSON.stringify({ format: 1, rate_limited_until: null, last_check: null, lookup });
const installed = (commit: string, rejected?: string[]) => ({ ref: 'main', commit, ...(rejected ? { rejected } : {}) });

describe('conditional ref lookup', () => {
  it('a full lookup returns the ETag to record; noteCheck writes it; the next lookup is one 304', async () => {
    const seen = branchRef();
    const s = setup();
    const first = await lookupTarget(s.ports, s.config, s.client, installed(C1));
    expect(first).toMatchObject({ kind: 'target', lookup: { path: 'git/ref/heads/main', etag: ETAG, commit: C1 } });
    await noteCheck(s.ports, s.config, first.lookup);
    expect(readTree(s.r.dir)['ota_state.json']).toContain('"lookup": {"path": "git/ref/heads/main", "etag": "W/\\"abc\\"", "commit": "1111');
    const again = await lookupTarget(s.ports, s.config, s.client, installed(C1));
    expect(again).toEqual({ kind: 'unchanged', lookup: { path: 'git/ref/heads/main', etag: ETAG, commit: C1 }, as: 'up-to-date' });
    expect(seen).toEqual([null, ETAG]);
  });

  it('a 304 for a commit that is not installed (nor rejected) is looked up again in full', async () => {
    const seen = branchRef();
    const s = setup({}, { 'ota_state.json': state({ path: 'git/ref/heads/main', etag: ETAG, commit: C1 }) });
    const got = await lookupTarget(s.ports, s.config, s.client, installed(C2));
    expect(got).toMatchObject({ kind: 'target', target: { commit: C1 } });
    expect(seen).toEqual([ETAG, null]);
    expect(s.ports.events.map((e) => e.event)).toContain('lookup.not-modified-not-installed');
  });

  it('a 304 for a rejected commit ends the check (deferred) after one request', async () => {
    const seen = branchRef();
    const s = setup({}, { 'ota_state.json': state({ path: 'git/ref/heads/main', etag: ETAG, commit: C1 }) });
    expect(await lookupTarget(s.ports, s.config, s.client, installed(C2, [C1]))).toMatchObject({ kind: 'unchanged', as: 'rejected' });
    expect(seen).toEqual([ETAG]);
  });

  it('sends no If-None-Match with force, for another path, or for a garbled record (recorded, then dropped)', async () => {
    const seen = branchRef();
    const forced = setup({ force: true }, { 'ota_state.json': state({ path: 'git/ref/heads/main', etag: ETAG, commit: C1 }) });
    await lookupTarget(forced.ports, forced.config, forced.client, installed(C1));
    const other = setup({}, { 'ota_state.json': state({ path: 'releases/latest', etag: ETAG, commit: C1 }) });
    await lookupTarget(other.ports, other.config, other.client, installed(C1));
    const garbled = setup({}, { 'ota_state.json': state({ path: 'git/ref/heads/main', etag: ETAG }) });
    await lookupTarget(garbled.ports, garbled.config, garbled.client, installed(C1));
    expect(seen).toEqual([null, null, null]);
    const tree = readTree(garbled.r.dir);
    expect(tree['ota_error.json']).toContain('"code": "RECOVERY"');
    expect(tree['ota_error.json']).toContain('lookup has no 40-hex \\"commit\\"');
    expect(tree['ota_state.json']).toBe('{"format": 1, "rate_limited_until": null, "last_check": null}');
  });

  it('a 304 to a request without If-None-Match is BAD_RESPONSE, not "nothing new"', async () => {
    server.use(http.get(`${REPO_API}/git/ref/heads/main`, () => new HttpResponse(null, { status: 304 })));
    const s = setup();
    await expect(lookupTarget(s.ports, s.config, s.client, installed(C1))).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('without If-None-Match') });
  });
});

describe('min_update_interval_sec', () => {
  const at = (lastCheck: number) => ({ 'ota_state.json': JSON.stringify({ format: 1, rate_limited_until: null, last_check: lastCheck }) });
  const now = 1_700_000_000_000;

  it('defers a check within the interval, allows one after it, and is off at 0', async () => {
    expect(await intervalDeferral(setup({ min_update_interval_sec: 3600 }, at(now - 600_000)).ports, testConfig({ min_update_interval_sec: 3600 }))).toMatchObject({ kind: 'deferred', until: now + 3_000_000 });
    const later = setup({ min_update_interval_sec: 3600 }, at(now - 3_600_000));
    expect(await intervalDeferral(later.ports, later.config)).toBeNull();
    const off = setup({}, at(now - 1000));
    expect(await intervalDeferral(off.ports, off.config)).toBeNull();
  });

  it('ignores a last_check ahead of the clock (the clock went back: no NTP), so updates are never blocked', async () => {
    const s = setup({ min_update_interval_sec: 3600 }, at(now + 86_400_000 * 365 * 4));
    expect(await intervalDeferral(s.ports, s.config)).toBeNull();
    expect(s.ports.events.map((e) => e.event)).toContain('state.last-check-ahead');
  });

  it('noteCheck records last_check only when an interval is set (no flash write per check otherwise)', async () => {
    const off = setup();
    await noteCheck(off.ports, off.config);
    expect(readTree(off.r.dir)['ota_state.json']).toBeUndefined();
    const on = setup({ min_update_interval_sec: 60 });
    await noteCheck(on.ports, on.config);
    expect((await readOtaState(on.r.flash)).last_check).toBe(now);
  });
});
