import { describe, expect, it } from 'vitest';
import { fileBytes, gitBlobSha1 } from './files.ts';
import { GitHubModel } from './model.ts';
import { API, get, json, makeModel, sampleSpec, text, testClock } from './test-fixture.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('trees', () => {
  it('a recursive tree by commit SHA lists blobs with sizes and the directories, like GitHub', () => {
    const { model } = makeModel();
    const res = json(get(model, `${API}/git/trees/${model.commitSha('acme/fw', 'v2')}?recursive=1`));
    expect(res.truncated).toBe(false);
    const rows = res.tree.map((e: any) => [e.path, e.type, e.mode, e.size]);
    // v2 = v1 minus old.py, plus big.bin, main.py replaced. Directories precede their contents.
    expect(rows).toEqual([
      ['big.bin', 'blob', '100644', 10000],
      ['docs', 'tree', '040000', undefined],
      ['docs/my file #1.txt', 'blob', '100644', 7],
      ['lib', 'tree', '040000', undefined],
      ['lib/util.py', 'blob', '100644', 6],
      ['main.py', 'blob', '100644', 9],
    ]);
    const main = res.tree.find((e: any) => e.path === 'main.py');
    expect(main.sha).toBe(gitBlobSha1(utf8('print(2)\n')));
    const big = res.tree.find((e: any) => e.path === 'big.bin');
    expect(big.sha).toBe(gitBlobSha1(fileBytes({ random: 10000, seed: 7 })));
  });

  it('the tree SHA, a branch name and the commit SHA give the same tree; non-recursive lists one level', () => {
    const { model } = makeModel();
    const byCommit = json(get(model, `${API}/git/trees/${model.commitSha('acme/fw', 'v3')}?recursive=1`));
    expect(json(get(model, `${API}/git/trees/${byCommit.sha}?recursive=1`))).toEqual(byCommit);
    expect(json(get(model, `${API}/git/trees/main?recursive=1`))).toEqual(byCommit);
    const flat = json(get(model, `${API}/git/trees/${byCommit.sha}`));
    expect(flat.tree.map((e: any) => e.path)).toEqual(['big.bin', 'docs', 'lib', 'main.py']);
    expect(get(model, `${API}/git/trees/${'f'.repeat(40)}`).status).toBe(404);
  });

  it('truncateTree answers truncated: true with part of the listing', () => {
    const spec = sampleSpec();
    spec.repos[0]!.truncateTree = true;
    const model = new GitHubModel(spec, testClock());
    const res = json(get(model, `${API}/git/trees/main?recursive=1`));
    expect(res.truncated).toBe(true);
    expect(res.tree.length).toBe(3);
  });
});

describe('raw files', () => {
  it('serves a file by commit SHA, branch and tag, as text/plain', () => {
    const { model } = makeModel();
    const base = 'https://raw.githubusercontent.com/acme/fw';
    const bySha = get(model, `${base}/${model.commitSha('acme/fw', 'v1')}/main.py`);
    expect(bySha.status).toBe(200);
    expect(text(bySha)).toBe('print(1)\n');
    expect(bySha.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(bySha.headers['content-length']).toBe('9');
    expect(text(get(model, `${base}/main/main.py`))).toBe('print(3)\n');
    expect(text(get(model, `${base}/develop/main.py`))).toBe('print("dev")\n');
    expect(text(get(model, `${base}/v2/main.py`))).toBe('print(2)\n'); // annotated tag, peeled
    expect(text(get(model, `${base}/refs/heads/main/lib/util.py`))).toBe('x = 1\n');
    expect(get(model, `${base}/${model.commitSha('acme/fw', 'v1')}/big.bin`).status).toBe(404); // added in v2
    expect(get(model, `${base}/v2/big.bin`).body).toEqual(fileBytes({ random: 10000, seed: 7 }));
  });

  it('percent-decodes each path segment (spaces and #)', () => {
    const { model } = makeModel();
    const url = `https://raw.githubusercontent.com/acme/fw/main/docs/${encodeURIComponent('my file #1.txt')}`;
    expect(url).toContain('my%20file%20%231.txt');
    expect(text(get(model, url))).toBe('spaced\n');
    // Unencoded '#' starts a fragment: the path is then "docs/my file " which does not exist.
    expect(get(model, 'https://raw.githubusercontent.com/acme/fw/main/docs/my file #1.txt').status).toBe(404);
  });

  it('answers 404 text for missing files, directories, refs and repos', () => {
    const { model } = makeModel();
    const base = 'https://raw.githubusercontent.com/acme';
    for (const u of [`${base}/fw/main/nope.py`, `${base}/fw/main/lib`, `${base}/fw/nobranch/main.py`, `${base}/nothere/main/main.py`]) {
      const r = get(model, u);
      expect(r.status).toBe(404);
      expect(text(r)).toBe('404: Not Found');
    }
  });
});
