/**
 * The files a manifest describes: a directory on disk (the predecessor's manifest_gen default
 * excludes: `.git*`, `.ota_*`, `__pycache__`, `*.pyc`, `*.pyo`) or a git ref (`git ls-tree` of
 * the ref's commit, so the manifest matches exactly what raw.githubusercontent.com serves).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export interface ReleaseFiles {
  files: Map<string, Uint8Array>;
  /** The commit, when the source is a git ref or a git work tree. */
  commit: string | null;
  /** A tag that names the source (a git ref given as `v1.2.0`), when it is one. */
  tag: string | null;
}

const EXCLUDED = (name: string) => name.startsWith('.git') || name.startsWith('.ota_') || name === '__pycache__' || name.endsWith('.pyc') || name.endsWith('.pyo');

function walk(root: string, dir: string, out: Map<string, Uint8Array>): void {
  for (const name of readdirSync(dir).sort()) {
    if (EXCLUDED(name)) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(root, p, out);
    else if (st.isFile()) out.set(relative(root, p).split(sep).join('/'), new Uint8Array(readFileSync(p)));
  }
}

const git = (args: string[], cwd: string) => execFileSync('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

function tryGit(args: string[], cwd: string): string | null {
  try {
    return git(args, cwd).toString('utf8').trim();
  } catch {
    return null;
  }
}

export function readReleaseFiles(source: string, cwd = process.cwd()): ReleaseFiles {
  let st: ReturnType<typeof statSync> | null = null;
  try {
    st = statSync(resolve(cwd, source));
  } catch {
    st = null;
  }
  if (st?.isDirectory()) {
    const dir = resolve(cwd, source);
    const files = new Map<string, Uint8Array>();
    walk(dir, dir, files);
    return { files, commit: tryGit(['rev-parse', 'HEAD'], dir), tag: null };
  }
  const commit = tryGit(['rev-parse', '--verify', '--quiet', `${source}^{commit}`], cwd);
  if (commit === null || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new Error(`${source}: neither a directory nor a git ref of the repository here (${cwd}); give a release directory or a tag such as v1.2.0`);
  }
  const files = new Map<string, Uint8Array>();
  const listing = git(['ls-tree', '-r', '-z', '--full-tree', commit], cwd).toString('utf8');
  for (const entry of listing.split('\0')) {
    if (entry === '') continue;
    const [meta, path] = [entry.slice(0, entry.indexOf('\t')), entry.slice(entry.indexOf('\t') + 1)];
    const [mode, type, sha] = meta.split(' ');
    // Symlinks and submodules are not files a board can hold: the updater refuses them in tree mode too.
    if (type !== 'blob' || mode === '120000') continue;
    files.set(path!, new Uint8Array(git(['cat-file', 'blob', sha!], cwd)));
  }
  const isTag = tryGit(['show-ref', '--verify', '--quiet', `refs/tags/${source}`], cwd) !== null;
  return { files, commit, tag: isTag ? source : null };
}
