import { describe, expect, it } from 'vitest';
import { gitBlobSha1 } from './files.ts';
import { GitHubModel } from './model.ts';
import { API, get, json, makeModel, testClock } from './test-fixture.ts';

describe('releases', () => {
  it('latest is the newest release that is neither draft nor prerelease', () => {
    const { model } = makeModel();
    // v4 is a draft, v3 a prerelease: latest must be v2.
    const res = get(model, `${API}/releases/latest`);
    expect(res.status).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ tag_name: 'v2', draft: false, prerelease: false, name: 'v2' });
    expect(body.assets.map((a: { name: string }) => a.name)).toEqual(['manifest.json', 'fw.bin']);
    const fw = body.assets[1];
    expect(fw).toMatchObject({ size: 5000, content_type: 'application/octet-stream', url: `${API}/releases/assets/${fw.id}`, browser_download_url: 'https://github.com/acme/fw/releases/download/v2/fw.bin' });
  });

  it('latest is 404 when every release is a draft or prerelease', () => {
    const model = new GitHubModel({ repos: [{ owner: 'o', name: 'r', commits: { a: {} }, releases: [{ tag: 'a', prerelease: true }] }] }, testClock());
    const res = get(model, 'https://api.github.com/repos/o/r/releases/latest');
    expect(res.status).toBe(404);
    expect(json(res)).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });

  it('releases/tags/{tag} finds prereleases but not drafts', () => {
    const { model } = makeModel();
    expect(json(get(model, `${API}/releases/tags/v3`))).toMatchObject({ tag_name: 'v3', prerelease: true });
    expect(get(model, `${API}/releases/tags/v4`).status).toBe(404);
    expect(get(model, `${API}/releases/tags/nope`).status).toBe(404);
  });

  it('a release tag that names a commit label needs no explicit tag; an unknown one is a spec error', () => {
    const spec = { repos: [{ owner: 'o', name: 'r', commits: { 'v1.0': { files: { a: 'a' } } }, releases: [{ tag: 'v1.0' }] }] };
    const model = new GitHubModel(spec, testClock());
    const ref = json(get(model, 'https://api.github.com/repos/o/r/git/ref/tags/v1.0'));
    expect(ref.object).toEqual(expect.objectContaining({ type: 'commit', sha: model.commitSha('o/r', 'v1.0') }));
    expect(() => new GitHubModel({ repos: [{ owner: 'o', name: 'r', commits: { a: {} }, releases: [{ tag: 'zz' }] }] }, testClock())).toThrow(/Failed to build release zz of o\/r: unknown tag/);
  });
});

describe('refs and tags', () => {
  it('a branch ref points at its commit', () => {
    const { model } = makeModel();
    const res = json(get(model, `${API}/git/ref/heads/main`));
    expect(res.ref).toBe('refs/heads/main');
    expect(res.object).toMatchObject({ type: 'commit', sha: model.commitSha('acme/fw', 'v3') });
    expect(json(get(model, `${API}/git/ref/heads/develop`)).object.sha).toBe(model.commitSha('acme/fw', 'dev'));
    expect(get(model, `${API}/git/ref/heads/nope`).status).toBe(404);
  });

  it('an annotated tag points at a tag object that points at the commit', () => {
    const { model } = makeModel();
    const ref = json(get(model, `${API}/git/ref/tags/v2`));
    expect(ref.object.type).toBe('tag');
    const commit = model.commitSha('acme/fw', 'v2');
    expect(ref.object.sha).not.toBe(commit);
    const tag = json(get(model, `${API}/git/tags/${ref.object.sha}`));
    expect(tag).toMatchObject({ tag: 'v2', sha: ref.object.sha, object: { type: 'commit', sha: commit } });
    // A lightweight tag points straight at the commit.
    expect(json(get(model, `${API}/git/ref/tags/v1`)).object).toMatchObject({ type: 'commit', sha: model.commitSha('acme/fw', 'v1') });
    expect(get(model, `${API}/git/tags/${commit}`).status).toBe(404);
  });

  it('commit SHAs are 40 lowercase hex, distinct per label, stable across models, and map back to labels', () => {
    const a = makeModel().model;
    const b = makeModel(undefined, testClock(0)).model;
    const labels = ['v1', 'v2', 'v3', 'v4', 'dev'];
    const shas = labels.map((l) => a.commitSha('acme/fw', l));
    for (const s of shas) expect(s).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(shas).size).toBe(labels.length);
    expect(labels.map((l) => b.commitSha('acme/fw', l))).toEqual(shas);
    expect(shas.map((s) => a.labelOf(s))).toEqual(labels);
    expect(a.labelOf('0'.repeat(40))).toBeUndefined();
    expect(() => a.commitSha('acme/fw', 'zz')).toThrow(/unknown label/);
  });

  it('two labels with identical content still get distinct SHAs', () => {
    const spec = { repos: [{ owner: 'o', name: 'r', commits: { a: { message: 'same' }, b: { message: 'same' } } }] };
    const m = new GitHubModel(spec, testClock());
    expect(m.commitSha('o/r', 'a')).not.toBe(m.commitSha('o/r', 'b'));
  });

  it('git/commits gives tree and parent; git/blobs gives base64 content', () => {
    const { model } = makeModel();
    const v2 = model.commitSha('acme/fw', 'v2');
    const c = json(get(model, `${API}/git/commits/${v2}`));
    expect(c.parents).toEqual([expect.objectContaining({ sha: model.commitSha('acme/fw', 'v1') })]);
    const sha = gitBlobSha1(new TextEncoder().encode('x = 1\n'));
    const blob = json(get(model, `${API}/git/blobs/${sha}`));
    expect(Buffer.from(blob.content, 'base64').toString()).toBe('x = 1\n');
    expect(blob.size).toBe(6);
  });

  it('owner and repo names are case-insensitive; unknown routes are 404', () => {
    const { model } = makeModel();
    expect(get(model, 'https://api.github.com/repos/ACME/Fw/releases/latest').status).toBe(200);
    expect(get(model, `${API}/issues`).status).toBe(404);
    expect(get(model, 'https://api.github.com/users/acme').status).toBe(404);
  });
});
