// The lab's commit SHAs are git's: a repository fast-imported from a scenario's spec has the SHAs
// the fake GitHub computes, and a repository made by plain `git commit` (a merge, an executable,
// a symlink, a message without a trailing newline) is served by repro under git's own SHAs.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, LIBRARY_DIR } from '../load/index.ts';
import { labelRepo } from '../state/device-repo.ts';
import { RepoStore } from '../../sim/github/repo-store.ts';
import { openRepo } from './git-repo.ts';
import { serveRepo } from './server-from-repo.ts';
import { gitRepoFromSpec } from './test-git-repo.ts';

const dir = mkdtempSync(join(tmpdir(), 'otalab-git-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const revParse = (gitDir: string, ref: string) => execFileSync('git', ['--git-dir', gitDir, 'rev-parse', ref]).toString().trim();

describe("the lab's SHAs are git's", () => {
  for (const name of ['developer-channel', 'add-replace-delete-nested-empty', 'emoji-file-names']) {
    it(`${name}: every branch and tag of a fast-imported repository resolves to the SHA the fake GitHub serves`, async () => {
      const spec = labelRepo(await loadScenario(join(LIBRARY_DIR, `${name}.yaml`)));
      const gitDir = join(dir, `${name}.git`);
      const store = gitRepoFromSpec(spec, gitDir);
      expect(store.branches.size + store.tags.size).toBeGreaterThan(0);
      for (const [branch, c] of store.branches) expect(revParse(gitDir, `refs/heads/${branch}`)).toBe(c.sha);
      for (const [tag, t] of store.tags) expect(revParse(gitDir, `refs/tags/${tag}`)).toBe(t.commit.sha);
    });
  }

  it('a commit hashed without its exact object (the lab\'s own identity) differs from git\'s: the check can fail', () => {
    const spec = { owner: 'o', name: 'r', commits: { v1: { files: { 'a.py': 'x' } } } };
    const gitDir = join(dir, 'control.git');
    gitRepoFromSpec(spec, gitDir);
    const other = new RepoStore({ ...spec, commits: { v1: { files: { 'a.py': 'x' }, message: 'not v1' } } }, 0);
    expect(other.commits.get('v1')!.sha).not.toBe(revParse(gitDir, 'refs/heads/main'));
  });

  it('a repository made with git commit (merge, executable, symlink, odd message) is served under git\'s SHAs', () => {
    const work = join(dir, 'work');
    const g = (...args: string[]) => execFileSync('git', ['-C', work, '-c', 'user.name=Field Dev', '-c', 'user.email=dev@example.invalid', ...args], { env: { ...process.env, GIT_AUTHOR_DATE: '1700000000 +0130', GIT_COMMITTER_DATE: '1700000100 -0700' } });
    execFileSync('git', ['init', '--quiet', '-b', 'main', work]);
    writeFileSync(join(work, 'main.py'), "print('v1')\n");
    g('add', '.');
    g('commit', '--quiet', '-m', 'first');
    g('checkout', '--quiet', '-b', 'side');
    writeFileSync(join(work, 'tool.sh'), '#!/bin/sh\n');
    chmodSync(join(work, 'tool.sh'), 0o755);
    symlinkSync('main.py', join(work, 'link.py'));
    g('add', '.');
    g('commit', '--quiet', '--cleanup=verbatim', '-m', 'side work, no newline at the end');
    g('checkout', '--quiet', 'main');
    writeFileSync(join(work, 'lib.py'), 'X = 1\n');
    g('add', '.');
    g('commit', '--quiet', '-m', 'second');
    g('merge', '--quiet', '--no-ff', '-m', 'merge side', 'side');
    g('tag', '-a', 'v1.0', '-m', 'release 1.0');
    const repo = openRepo(work);
    try {
      const served = serveRepo(repo, { owner: 'o', name: 'r', named: [] });
      expect(served.mismatches).toEqual([]);
      const store = new RepoStore(served.spec, 0);
      expect(store.branches.get('main')!.sha).toBe(revParse(join(work, '.git'), 'refs/heads/main'));
      expect(store.branches.get('side')!.sha).toBe(revParse(join(work, '.git'), 'refs/heads/side'));
      expect(store.tags.get('v1.0')!.commit.sha).toBe(revParse(join(work, '.git'), 'v1.0^{commit}'));
      expect(served.spec.releases).toEqual([{ tag: 'v1.0' }]);
    } finally {
      repo.close();
    }
  });
});
