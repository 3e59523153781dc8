// What a hostile or broken server serves, from a scenario's spec: odd tree entries whose tree
// hashes stay consistent (so only the updater's path rules and entry checks stand in the way),
// redirect chains and loops, and different bytes on each request for the same file.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gitBlobSha1 } from './files.ts';
import type { ServerSpec } from './spec.ts';
import { get, json, makeModel, text } from './test-fixture.ts';

const API = 'https://api.github.com/repos/o/r';
const RAW = 'https://raw.githubusercontent.com/o/r';

function spec(extra: Partial<ServerSpec> = {}, commit: Record<string, unknown> = {}): ServerSpec {
  return { repos: [{ owner: 'o', name: 'r', commits: { v1: { files: { 'main.py': 'x\n' }, ...commit } }, flapping: { 'main.py': ['a\n', 'b\n'] } }], ...extra };
}

/** Rebuilds every tree object from a recursive listing as a client groups it (by the last '/'). */
function treeHashesHold(listing: { sha: string; tree: { path: string; mode: string; type: string; sha: string }[] }): boolean {
  const dirs = new Map<string, { name: string; mode: string; sha: string; tree: boolean }[]>([['', []]]);
  const claimed = new Map([['', listing.sha]]);
  for (const e of listing.tree) if (e.type === 'tree') (dirs.set(e.path, []), claimed.set(e.path, e.sha));
  for (const e of listing.tree) {
    const cut = e.path.lastIndexOf('/');
    dirs.get(cut < 0 ? '' : e.path.slice(0, cut))!.push({ name: e.path.slice(cut + 1), mode: e.mode, sha: e.sha, tree: e.type === 'tree' });
  }
  for (const [dir, kids] of dirs) {
    kids.sort((a, b) => Buffer.compare(Buffer.from(a.tree ? `${a.name}/` : a.name), Buffer.from(b.tree ? `${b.name}/` : b.name)));
    const body = Buffer.concat(kids.flatMap((k) => [Buffer.from(`${k.tree ? '40000' : k.mode} ${k.name}\0`), Buffer.from(k.sha, 'hex')]));
    if (createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex') !== claimed.get(dir)) return false;
  }
  return true;
}

describe('a hostile or broken GitHub', () => {
  it('lists symlinks, submodules, empty dirs and ../ or absolute paths with consistent tree hashes', () => {
    const sub = '0123456789abcdef0123456789abcdef01234567';
    const { model } = makeModel(spec({}, { symlinks: { 'ln.py': 'main.py' }, submodules: { 'vendor/dep': sub }, emptyDirs: ['empty'], hostileFiles: { '../up.py': 'u', '/abs.py': 'a' } }));
    const listing = json(get(model, `${API}/git/trees/${model.commitSha('o/r', 'v1')}?recursive=1`));
    const rows = listing.tree.map((e: { path: string; type: string; mode: string }) => `${e.mode} ${e.type} ${e.path}`);
    expect(rows).toEqual(expect.arrayContaining(['120000 blob ln.py', '160000 commit vendor/dep', '040000 tree empty', '040000 tree ..', '100644 blob ../up.py', '100644 blob /abs.py']));
    expect(listing.tree.find((e: { path: string }) => e.path === 'ln.py').sha).toBe(gitBlobSha1(new TextEncoder().encode('main.py')));
    expect(treeHashesHold(listing)).toBe(true);
    // The raw host serves none of them.
    expect(get(model, `${RAW}/${model.commitSha('o/r', 'v1')}/ln.py`).status).toBe(404);
  });

  it('redirects by URL substring, as often as told: loops, chains, a third host that sees the token', () => {
    const { model } = makeModel(spec({ redirects: [{ urlIncludes: '/loop', location: '/loop?again' }, { urlIncludes: 'main.py', location: 'https://mirror.example.net/main.py', times: 1 }] }));
    const loop = get(model, `${RAW}/loop`);
    expect([loop.status, loop.headers.location]).toEqual([302, '/loop?again']);
    expect(get(model, `${RAW}/main/main.py`).headers.location).toBe('https://mirror.example.net/main.py');
    const third = get(model, 'https://mirror.example.net/main.py', { authorization: 'token t' });
    expect(third.status).toBe(404);
    expect(model.log.at(-1)).toMatchObject({ url: 'https://mirror.example.net/main.py', authorization: 'token t' });
    // `times: 1` is spent: the file itself now.
    expect(text(get(model, `${RAW}/main/main.py`))).toBe('a\n');
  });

  it('answers each request for a flapping file with the next variant, whatever the ref', () => {
    const { model } = makeModel(spec());
    const sha = model.commitSha('o/r', 'v1');
    expect([`${RAW}/${sha}/main.py`, `${RAW}/main/main.py`, `${RAW}/${sha}/main.py`].map((u) => text(get(model, u)))).toEqual(['a\n', 'b\n', 'a\n']);
  });
});
