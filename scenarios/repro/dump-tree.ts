/**
 * A board's dump on disk: what `otalab hil dump` writes, or files copied off a board by hand. The
 * directory is the flash root; every regular file and every empty directory is board state.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class DumpError extends Error {}

export interface DumpTree {
  files: Map<string, Uint8Array>;
  /** Directories that hold nothing (a stage dir created before any download, say). */
  emptyDirs: string[];
  /** Entries skipped (symlinks, sockets…): no Pico W flash holds them. */
  skipped: string[];
}

export function readDumpTree(dir: string): DumpTree {
  let isDir = false;
  try {
    isDir = lstatSync(dir).isDirectory();
  } catch {
    throw new DumpError(`${dir}: no such directory; give the directory \`otalab hil dump --out\` wrote (the board's flash root)`);
  }
  if (!isDir) throw new DumpError(`${dir}: not a directory; give the directory \`otalab hil dump --out\` wrote (the board's flash root)`);
  const tree: DumpTree = { files: new Map(), emptyDirs: [], skipped: [] };
  const walk = (rel: string): number => {
    const names = readdirSync(join(dir, rel)).sort();
    let held = 0;
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(join(dir, path));
      if (st.isDirectory()) {
        if (walk(path) === 0) tree.emptyDirs.push(path);
        held++;
      } else if (st.isFile()) {
        tree.files.set(path, new Uint8Array(readFileSync(join(dir, path))));
        held++;
      } else tree.skipped.push(path);
    }
    return held;
  };
  walk('');
  if (tree.files.size === 0) throw new DumpError(`${dir}: the dump holds no files; copy the board's flash into it (otalab hil dump --port <port> --out ${dir})`);
  return tree;
}
