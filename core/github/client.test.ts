import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { nodeHttp } from '../adapters/node-http.ts';
import { isOtaError, type OtaError } from '../errors.ts';
import type { Config } from '../config/types.ts';
import { GitHubClient } from './client.ts';
import { RAW, REPO_API, fakeTime, hashedTree, recordingLog, testConfig } from './test-kit.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const C1 = '1'.repeat(40);
const T1 = 'a'.repeat(40);
const T2 = 'b'.repeat(40);

function client(overrides: Partial<Config> = {}) {
  const time = fakeTime();
  const log = recordingLog();
  return { log, gh: new GitHubClient({ http: nodeHttp(), clock: time.clock, watchdog: time.watchdog, log }, testConfig(overrides)) };
}

/** JSON routes under the repo: path (as requested, encoded) → body, or a status for an empty error response. */
function repoRoutes(routes: Record<string, unknown>) {
  const seen: string[] = [];
  server.use(
    http.get(`${REPO_API}/*`, ({ request }) => {
      const u = new URL(request.url);
      const key = u.pathname.slice('/repos/acme/widget/'.length) + u.search;
      seen.push(key);
      const body = routes[key];
      if (body === undefined) return new HttpResponse(null, { status: 404 });
      if (typeof body === 'number') return new HttpResponse(null, { status: body });
      return HttpResponse.json(body);
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

const ref = (type: string, sha: string) => ({ ref: 'x', object: { type, sha } });
const release = (tag: string, assets: unknown[] = []) => ({ tag_name: tag, name: `Release ${tag}`, draft: false, assets });

describe('resolveTarget', () => {
  it('developer: the branch tip, with the branch name percent-encoded per segment', async () => {
    const seen = repoRoutes({ 'git/ref/heads/feat/x%20y%231': ref('commit', C1) });
    const { gh } = client({ channel: 'developer', branch: 'feat/x y#1' });
    expect(await gh.resolveTarget()).toEqual({ ref: 'feat/x y#1', commit: C1, mode: 'branch', release: null });
    expect(seen).toEqual(['git/ref/heads/feat/x%20y%231']);
  });

  it('stable: the latest release and its tag, dereferencing annotated tags', async () => {
    repoRoutes({
      'releases/latest': release('v2', [{ name: 'manifest.json', url: `${REPO_API}/releases/assets/9`, size: 120 }]),
      'git/ref/tags/v2': ref('tag', T1),
      [`git/tags/${T1}`]: { object: { type: 'tag', sha: T2 } },
      [`git/tags/${T2}`]: { object: { type: 'commit', sha: C1 } },
    });
    const target = await client({ channel: 'stable' }).gh.resolveTarget();
    expect(target).toEqual({
      ref: 'v2', commit: C1, mode: 'release',
      release: { tag: 'v2', name: 'Release v2', assets: [{ name: 'manifest.json', url: `${REPO_API}/releases/assets/9`, size: 120 }] },
    });
  });

  it('refuses a tag chain deeper than 4 levels', async () => {
    const shas = ['c', 'd', 'e', 'f', '0'].map((ch) => ch.repeat(40));
    const routes: Record<string, unknown> = { 'git/ref/tags/v1': ref('tag', shas[0]!) };
    shas.forEach((s, i) => (routes[`git/tags/${s}`] = { object: { type: 'tag', sha: shas[i + 1] ?? C1 } }));
    repoRoutes(routes);
    const err = await failure(client({ tag: 'v1' }).gh.resolveTarget());
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(/more than 4 annotated tags/);
  });

  it('stable without a release: NOT_FOUND that says what to do', async () => {
    repoRoutes({});
    const err = await failure(client({ channel: 'stable', token: 't' }).gh.resolveTarget());
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe('no release in acme/widget (channel stable needs a published release; use channel developer or publish one)');
  });

  it('pinned tag: wins over the channel; a tag without a release is fine', async () => {
    const seen = repoRoutes({ 'git/ref/tags/v9': ref('commit', C1) });
    const target = await client({ channel: 'stable', tag: 'v9' }).gh.resolveTarget();
    expect(target).toEqual({ ref: 'v9', commit: C1, mode: 'tag', release: null });
    expect(seen).toEqual(['git/ref/tags/v9', 'releases/tags/v9']);
  });

  it('pinned tag that does not exist; missing branch', async () => {
    repoRoutes({});
    expect((await failure(client({ tag: 'v9', token: 't' }).gh.resolveTarget())).message).toBe('tag v9 not found in acme/widget');
    expect((await failure(client({ branch: 'main' }).gh.resolveTarget())).message).toBe('branch main not found in acme/widget; if acme/widget is private, set `token` in ota_config.json');
  });

  it('a ref pointing at a tree is not a commit', async () => {
    repoRoutes({ 'git/ref/heads/main': ref('tree', T1) });
    expect((await failure(client().gh.resolveTarget())).message).toBe('branch main points at a tree, not a commit');
  });
});

describe('JSON responses', () => {
  it('refuses a captive portal page served with 200', async () => {
    server.use(http.get(`${REPO_API}/git/ref/heads/main`, () => HttpResponse.html('<html>Login to CoffeeShop WiFi</html>')));
    const err = await failure(client().gh.resolveTarget());
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(/^got an HTML page instead of JSON — captive portal or proxy\?/);
  });

  it('refuses broken JSON and JSON of the wrong shape', async () => {
    server.use(http.get(`${REPO_API}/git/ref/heads/main`, () => new HttpResponse('{"object":', { headers: { 'content-type': 'application/json' } })));
    expect((await failure(client().gh.resolveTarget())).message).toMatch(/git\/ref\/heads\/main is not valid JSON/);
    server.use(http.get(`${REPO_API}/git/ref/heads/main`, () => HttpResponse.json({ object: { type: 'commit', sha: 'short' } })));
    expect((await failure(client().gh.resolveTarget())).message).toMatch(/object\.sha must be a 40-hex SHA-1/);
  });
});

const blob = (path: string, size = 10, extra: Record<string, unknown> = {}) => ({ path, mode: '100644', type: 'blob', sha: T1, size, ...extra });
const treeKey = `git/trees/${C1}?recursive=1`;

describe('fetchTree', () => {
  it('returns blobs, skipping directories and marking submodules and symlinks', async () => {
    repoRoutes({ [treeKey]: hashedTree([
      { path: 'lib', mode: '040000', type: 'tree', sha: T2 },
      blob('lib/a.py', 3),
      blob('main.py', 0),
      { path: 'vendor', mode: '040000', type: 'tree', sha: T2 },
      { path: 'vendor/dep', mode: '160000', type: 'commit', sha: T2 },
      blob('link.py', 7, { mode: '120000' }),
    ]) });
    const { gh, log } = client();
    expect(await gh.fetchTree(C1)).toEqual([
      { path: 'lib/a.py', sha: T1, size: 3 },
      { path: 'main.py', sha: T1, size: 0 },
      { path: 'vendor/dep', sha: T2, size: 0, kind: 'submodule' },
      { path: 'link.py', sha: T1, size: 0, kind: 'symlink' },
    ]);
    expect(log.records.filter((r) => r.event === 'tree.skip')).toEqual([]);
  });

  it('refuses a truncated tree', async () => {
    repoRoutes({ [treeKey]: { sha: C1, truncated: true, tree: [blob('a.py')] } });
    expect((await failure(client().gh.fetchTree(C1))).code).toBe('TREE_TRUNCATED');
  });

  it('accepts exactly max_tree_files blobs and refuses one more (directories not counted)', async () => {
    const tree = [{ path: 'd', mode: '040000', type: 'tree', sha: T2 }, blob('d/a'), blob('d/b'), blob('c')];
    repoRoutes({ [treeKey]: hashedTree(tree) });
    expect(await client({ max_tree_files: 3 }).gh.fetchTree(C1)).toHaveLength(3);
    const err = await failure(client({ max_tree_files: 2 }).gh.fetchTree(C1));
    expect(err.code).toBe('TREE_TOO_LARGE');
    expect(err.message).toBe('Tree contains too many files: 3 (limit: 2)');
  });

  it('refuses a Content-Length over max_tree_size_kb before reading', async () => {
    const body = JSON.stringify({ sha: C1, truncated: false, tree: [blob('x'.repeat(3000))] });
    server.use(http.get(`${REPO_API}/git/trees/${C1}`, () => new HttpResponse(body, { headers: { 'content-type': 'application/json', 'content-length': String(body.length) } })));
    const err = await failure(client({ max_tree_size_kb: 2 }).gh.fetchTree(C1));
    expect(err.code).toBe('TREE_TOO_LARGE');
    expect(err.message).toBe(`Response too large: ${body.length} bytes (limit: 2 KB)`);
  });

  it('stops a body without Content-Length once past the cap', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({ pull(c) { pulled += 1; c.enqueue(chunk); } }, { highWaterMark: 0 });
    server.use(http.get(`${REPO_API}/git/trees/${C1}`, () => new HttpResponse(stream, { headers: { 'content-type': 'application/json' } })));
    const err = await failure(client({ max_tree_size_kb: 4 }).gh.fetchTree(C1));
    expect(err.message).toBe('Response too large: 5120 bytes (limit: 4 KB)');
    expect(pulled).toBeLessThan(10); // an endless body: the read stopped
  });

  it('rejects a path that fails checkRepoPath, naming it', async () => {
    repoRoutes({ [treeKey]: hashedTree([blob('ok.py'), blob('evil\\..\\boot.py')]) });
    const err = await failure(client().gh.fetchTree(C1));
    expect(err.code).toBe('PATH_REJECTED');
    expect(err.message).toMatch(/^tree entry "evil\\\\\.\.\\\\boot\.py" contains a backslash/);
  });
});

describe('fetchManifest', () => {
  const rel = { tag: 'v2', name: null, assets: [{ name: 'manifest.json.sig', url: `${REPO_API}/releases/assets/8`, size: 1 }, { name: 'manifest.json', url: `${REPO_API}/releases/assets/9`, size: 20 }] };

  it('downloads the asset through the API URL and the CDN redirect, token dropped on the way', async () => {
    const seen: Request[] = [];
    server.use(
      http.get(`${REPO_API}/releases/assets/9`, ({ request }) => {
        seen.push(request);
        return new HttpResponse(null, { status: 302, headers: { location: 'https://objects.githubusercontent.com/m?x=1' } });
      }),
      http.get('https://objects.githubusercontent.com/m', ({ request }) => {
        seen.push(request);
        return new HttpResponse('{"version":"v2"}', { headers: { 'content-type': 'application/octet-stream' } });
      }),
    );
    expect(await client({ token: 'sekret' }).gh.fetchManifest(rel)).toBe('{"version":"v2"}');
    expect(seen.map((r) => [r.headers.get('accept'), r.headers.get('authorization')])).toEqual([
      ['application/octet-stream', 'token sekret'],
      ['application/octet-stream', null],
    ]);
  });

  it('is null when no asset is named exactly manifest.json', async () => {
    expect(await client().gh.fetchManifest({ ...rel, assets: [rel.assets[0]!] })).toBeNull();
  });
});

describe('rawFileUrl', () => {
  it('names the commit and encodes each path segment', () => {
    expect(client().gh.rawFileUrl(C1, 'lib/my file#1.py')).toBe(`${RAW}/acme/widget/${C1}/lib/my%20file%231.py`);
    expect(client({ raw_base: 'http://localhost:8080/raw/' }).gh.rawFileUrl(C1, 'a.py')).toBe(`http://localhost:8080/raw/acme/widget/${C1}/a.py`);
  });
});

it('uses api_base for every API call', async () => {
  server.use(http.get('http://ghe.local:8443/api/v3/repos/acme/widget/git/ref/heads/main', () => HttpResponse.json(ref('commit', C1))));
  expect((await client({ api_base: 'http://ghe.local:8443/api/v3/' }).gh.resolveTarget()).commit).toBe(C1);
});
