/**
 * A real Git repository read through the `git` CLI: a work tree, a bare repository, or a bundle
 * (cloned bare into a temporary directory first). Only what `otalab repro` needs: refs, raw commit
 * objects, recursive trees and blob bytes. Objects come back byte-exact, so the lab can hash them
 * as git does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export class RepoError extends Error {}

export interface TreeItem {
  mode: string;
  type: 'blob' | 'commit' | 'tree';
  sha: string;
  path: string;
}

export interface RawCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: string;
  committer: string;
  /** Header lines after committer, verbatim (each ends in a newline). */
  headers: string;
  message: string;
}

export interface GitRepo {
  gitDir: string;
  /** `refs/heads/x` / `refs/tags/x` → commit SHA (annotated tags peeled). */
  refs: Map<string, string>;
  defaultBranch: string | null;
  commit(sha: string): RawCommit;
  tree(commit: string): TreeItem[];
  blobs(shas: readonly string[]): Map<string, Uint8Array>;
  /** First-parent ancestry of `tips`, newest first, at most `max` commits. */
  firstParents(tips: readonly string[], max: number): string[];
  has(sha: string): boolean;
  close(): void;
}

const MAX_BUFFER = 512 * 1024 * 1024;

function git(gitDir: string, args: string[], input?: Buffer): Buffer {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'] });
}

function gitText(gitDir: string, args: string[]): string {
  return git(gitDir, args).toString('utf8');
}

function stderrOf(err: unknown): string {
  const text = ((err as { stderr?: Buffer }).stderr?.toString() ?? (err as Error).message).trim();
  return text.split('\n')[0] ?? text;
}

/** Opens `path`; a bundle is cloned (bare) into a temporary directory that `close()` removes. */
export function openRepo(path: string): GitRepo {
  let kind: 'dir' | 'file';
  try {
    kind = statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    throw new RepoError(`--repo ${path}: no such file or directory; give a Git work tree, a bare repository or a bundle (git bundle create app.bundle --all)`);
  }
  let gitDir: string;
  let temp: string | null = null;
  if (kind === 'file') {
    temp = mkdtempSync(join(tmpdir(), 'otalab-repro-'));
    try {
      execFileSync('git', ['clone', '--quiet', '--mirror', resolve(path), join(temp, 'repo.git')], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      throw new RepoError(`--repo ${path}: not a Git bundle (git says: ${stderrOf(err)}); give a Git work tree, a bare repository or a bundle`);
    }
    gitDir = join(temp, 'repo.git');
  } else {
    try {
      gitDir = resolve(path, execFileSync('git', ['-C', path, 'rev-parse', '--git-dir'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim());
    } catch (err) {
      throw new RepoError(`--repo ${path}: not a Git repository (git says: ${stderrOf(err)}); give a Git work tree, a bare repository or a bundle`);
    }
  }
  const refs = new Map<string, string>();
  const listing = gitText(gitDir, ['for-each-ref', '--format=%(refname) %(objectname) %(*objectname) %(objecttype) %(*objecttype)', 'refs/heads', 'refs/tags']);
  for (const line of listing.split('\n')) {
    const [name, sha, peeled, type, peeledType] = line.split(' ');
    if (!name || !sha) continue;
    // A tag of a tree or blob names no commit: nothing the updater could install.
    if (type === 'commit') refs.set(name, sha);
    else if (type === 'tag' && peeledType === 'commit' && peeled) refs.set(name, peeled);
  }
  let defaultBranch: string | null = null;
  try {
    defaultBranch = gitText(gitDir, ['symbolic-ref', '--short', 'HEAD']).trim() || null;
  } catch {
    defaultBranch = null;
  }
  if (defaultBranch !== null && !refs.has(`refs/heads/${defaultBranch}`)) defaultBranch = null;
  return {
    gitDir,
    refs,
    defaultBranch,
    commit: (sha) => parseCommit(sha, git(gitDir, ['cat-file', 'commit', sha])),
    tree: (commit) => parseTree(git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit])),
    blobs: (shas) => readBlobs(gitDir, shas),
    firstParents: (tips, max) => (tips.length === 0 ? [] : gitText(gitDir, ['rev-list', '--first-parent', `--max-count=${max}`, ...tips]).split('\n').filter(Boolean)),
    has: (sha) => {
      try {
        return gitText(gitDir, ['cat-file', '-t', sha]).trim() === 'commit';
      } catch {
        return false;
      }
    },
    close: () => {
      if (temp !== null) rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** A commit object's text, split as git writes it: headers, a blank line, the message verbatim. */
export function parseCommit(sha: string, raw: Buffer): RawCommit {
  const text = raw.toString('utf8');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end + 1);
  const message = end < 0 ? '' : text.slice(end + 2);
  const lines = head.split('\n').slice(0, -1);
  const c: RawCommit = { sha, tree: '', parents: [], author: '', committer: '', headers: '', message };
  let afterCommitter = false;
  for (const line of lines) {
    if (afterCommitter) c.headers += `${line}\n`;
    else if (line.startsWith('tree ')) c.tree = line.slice(5);
    else if (line.startsWith('parent ')) c.parents.push(line.slice(7));
    else if (line.startsWith('author ')) c.author = line.slice(7);
    else if (line.startsWith('committer ')) {
      c.committer = line.slice(10);
      afterCommitter = true;
    }
  }
  return c;
}

function parseTree(raw: Buffer): TreeItem[] {
  return raw
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const tab = entry.indexOf('\t');
      const [mode, type, sha] = entry.slice(0, tab).split(' ') as [string, TreeItem['type'], string];
      return { mode, type, sha, path: entry.slice(tab + 1) };
    });
}

/** `git cat-file --batch`: one process for every blob. */
function readBlobs(gitDir: string, shas: readonly string[]): Map<string, Uint8Array> {
  const unique = [...new Set(shas)];
  const out = new Map<string, Uint8Array>();
  if (unique.length === 0) return out;
  const buf = git(gitDir, ['cat-file', '--batch'], Buffer.from(unique.join('\n') + '\n'));
  let at = 0;
  for (const sha of unique) {
    const nl = buf.indexOf(10, at);
    const [, type, size] = buf.subarray(at, nl).toString().split(' ');
    if (type !== 'blob') throw new RepoError(`git object ${sha} is ${type ?? 'missing'}, not a blob`);
    const n = Number(size);
    out.set(sha, new Uint8Array(buf.subarray(nl + 1, nl + 1 + n)));
    at = nl + 1 + n + 1;
  }
  return out;
}
