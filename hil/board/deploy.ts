/**
 * Installs files on a board over the raw REPL: skips a file whose sha256 already matches, writes
 * the rest in base64 chunks, and verifies each written file's sha256 on the board. Nothing here
 * soft-resets (a soft reset runs boot.py, i.e. the updater, possibly half-installed).
 */
import { createHash } from 'node:crypto';
import type { Repl } from '../repl/index.ts';
import { ReplError } from '../repl/index.ts';
import { checkBoardPath, parentDirs, pyStr } from './board-paths.ts';
import { boardHashes, installHelpers, listBoard, rootSlash } from './board-scripts.ts';

export interface DeployOptions {
  /** Remove every board file and directory that is neither in `files` nor kept. */
  clean?: boolean;
  /** Paths (files or directories) `clean` must leave alone. */
  keep?: (path: string) => boolean;
  /** Raw bytes per exec; base64 makes the code 4/3 of this. */
  chunkBytes?: number;
  /** The board's filesystem root ('/' on a Pico W). */
  root?: string;
}

export interface DeployResult {
  written: string[];
  skipped: string[];
  removed: string[];
  ms: number;
}

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export async function deploy(repl: Repl, files: ReadonlyMap<string, Uint8Array>, options: DeployOptions = {}): Promise<DeployResult> {
  const started = Date.now();
  const root = rootSlash(options.root ?? '/');
  const chunk = options.chunkBytes ?? 2048;
  const paths = [...files.keys()].map(checkBoardPath).sort(bootFilesLast);
  await installHelpers(repl);
  const listing = await listBoard(repl, root);
  const onBoardDirs = new Set(listing.dirs);

  const removed = options.clean ? await clean(repl, root, listing.files, listing.dirs, new Set(paths), options.keep ?? (() => false)) : [];
  for (const r of removed) onBoardDirs.delete(r);

  // Only files of the right size can match: hash just those.
  const candidates = paths.filter((p) => listing.files.get(p) === files.get(p)!.length);
  const hashes = await boardHashes(repl, root, candidates);
  const written: string[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    const data = files.get(path)!;
    const want = sha256Hex(data);
    if (hashes.get(path) === want) {
      skipped.push(path);
      continue;
    }
    const missing = parentDirs(path).filter((d) => !onBoardDirs.has(d));
    if (missing.length > 0) {
      await repl.run(`_otalab_mkdirs(${pyStr(root)}, ${JSON.stringify(missing)})`);
      for (const d of missing) onBoardDirs.add(d);
    }
    await writeFile(repl, root + path, data, chunk);
    const got = (await boardHashes(repl, root, [path])).get(path);
    if (got !== want) throw new ReplError('protocol', `${path}: sha256 after write is ${got ?? 'missing'}, expected ${want}`);
    written.push(path);
  }
  return { written, skipped, removed, ms: Date.now() - started };
}

/**
 * boot.py and main.py go last: a board reset mid-deploy then still boots the old entry points
 * rather than new ones over a half-written library.
 */
const ENTRY = ['main.py', 'boot.py'];
function bootFilesLast(a: string, b: string): number {
  return ENTRY.indexOf(a) - ENTRY.indexOf(b) || (a < b ? -1 : a > b ? 1 : 0);
}

async function writeFile(repl: Repl, boardPath: string, data: Uint8Array, chunk: number): Promise<void> {
  await repl.run(`_otalab_fh = open(${pyStr(boardPath)}, 'wb')`);
  try {
    for (let at = 0; at < data.length; at += chunk) {
      // A bytes literal: binascii from micropython-lib (some builds) takes no str.
      const b64 = Buffer.from(data.subarray(at, at + chunk)).toString('base64');
      await repl.run(`_otalab_fh.write(binascii.a2b_base64(b${pyStr(b64)}))`);
    }
  } finally {
    // Close even after a failed chunk, so the handle does not hold the file (best effort).
    await repl.run('_otalab_fh.close()\n_otalab_fh = None').catch(() => undefined);
  }
}

async function clean(
  repl: Repl,
  root: string,
  boardFiles: ReadonlyMap<string, number>,
  boardDirs: readonly string[],
  wanted: ReadonlySet<string>,
  keep: (path: string) => boolean,
): Promise<string[]> {
  const neededDirs = new Set([...wanted].flatMap(parentDirs));
  const kept = (p: string): boolean => keep(p) || parentDirs(p).some(keep);
  const files = [...boardFiles.keys()].filter((p) => !wanted.has(p) && !kept(p));
  const survivors = [...boardFiles.keys()].filter((p) => !files.includes(p));
  // A directory goes only when nothing under it survives and nothing needs it.
  const dirs = boardDirs
    .filter((d) => !neededDirs.has(d) && !kept(d) && !survivors.some((f) => f.startsWith(`${d}/`)) && !boardDirs.some((o) => o.startsWith(`${d}/`) && kept(o)))
    .sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a));
  if (files.length + dirs.length === 0) return [];
  await repl.run(`for _p in ${JSON.stringify(files)}:\n    os.remove(${pyStr(root)} + _p)\nfor _p in ${JSON.stringify(dirs)}:\n    os.rmdir(${pyStr(root)} + _p)`, {
    timeoutMs: 10_000 + 500 * (files.length + dirs.length),
  });
  return [...files, ...dirs];
}
