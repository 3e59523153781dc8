/**
 * Test support: a real bare Git repository built from a scenario's RepoSpec with `git
 * fast-import`, commit by commit as the fake GitHub models it (same files, identity, date and
 * message), so git's SHAs are the lab's. Regular files only (symlinks, submodules and empty dirs
 * are not written).
 */
import { execFileSync } from 'node:child_process';
import { RepoStore } from '../../sim/github/repo-store.ts';
import type { RepoSpec } from '../../sim/github/spec.ts';
import { GIT_EPOCH_S } from '../../sim/github/git-objects.ts';

const IDENT = `otalab <otalab@example.invalid> ${GIT_EPOCH_S} +0000`;

export function gitRepoFromSpec(spec: RepoSpec, gitDir: string): RepoStore {
  const store = new RepoStore(spec, 0);
  execFileSync('git', ['init', '--quiet', '--bare', gitDir]);
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s));
  const data = (b: Uint8Array) => {
    text(`data ${b.length}\n`);
    parts.push(Buffer.from(b));
    text('\n');
  };
  const marks = new Map<string, number>();
  // RepoStore's map is filled parents first, so each `from` names an earlier mark.
  for (const [label, c] of store.commits) {
    const mark = marks.size + 1;
    marks.set(label, mark);
    text(`commit refs/otalab/${mark}\nmark :${mark}\nauthor ${IDENT}\ncommitter ${IDENT}\n`);
    data(Buffer.from(`${c.message}\n`));
    const parent = spec.commits[label]!.parent;
    if (parent !== undefined) text(`from :${marks.get(parent)}\n`);
    text('deleteall\n');
    for (const [path, bytes] of c.files) {
      text(`M 100644 inline ${path}\n`);
      data(bytes);
    }
  }
  for (const [name, c] of store.branches) text(`reset refs/heads/${name}\nfrom :${marks.get(c.label)}\n\n`);
  for (const [name, t] of store.tags) text(`reset refs/tags/${name}\nfrom :${marks.get(t.commit.label)}\n\n`);
  execFileSync('git', ['--git-dir', gitDir, 'fast-import', '--quiet'], { input: Buffer.concat(parts) });
  const scratch = execFileSync('git', ['--git-dir', gitDir, 'for-each-ref', '--format=delete %(refname)', 'refs/otalab']);
  execFileSync('git', ['--git-dir', gitDir, 'update-ref', '--stdin'], { input: scratch });
  execFileSync('git', ['--git-dir', gitDir, 'symbolic-ref', 'HEAD', `refs/heads/${store.defaultBranch}`]);
  return store;
}
