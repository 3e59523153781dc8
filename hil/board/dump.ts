/** Reads every file on the board back in base64 chunks, checking sha256 on both sides. */
import { createHash } from 'node:crypto';
import type { Repl } from '../repl/index.ts';
import { ReplError } from '../repl/index.ts';
import { pyStr } from './board-paths.ts';
import { boardHashes, installHelpers, listBoard, rootSlash } from './board-scripts.ts';

export interface DumpOptions {
  chunkBytes?: number;
  root?: string;
}

export interface DumpResult {
  files: Map<string, Uint8Array>;
  dirs: string[];
}

export async function dump(repl: Repl, options: DumpOptions = {}): Promise<DumpResult> {
  const root = rootSlash(options.root ?? '/');
  const chunk = options.chunkBytes ?? 2048;
  await installHelpers(repl);
  const listing = await listBoard(repl, root);
  const paths = [...listing.files.keys()].sort();
  const hashes = await boardHashes(repl, root, paths);
  const files = new Map<string, Uint8Array>();
  for (const path of paths) {
    const data = await readFile(repl, root + path, chunk);
    const host = createHash('sha256').update(data).digest('hex');
    if (hashes.get(path) !== host) throw new ReplError('protocol', `${path}: read ${data.length} bytes with sha256 ${host}, the board says ${hashes.get(path) ?? 'missing'}`);
    files.set(path, data);
  }
  return { files, dirs: [...listing.dirs].sort() };
}

async function readFile(repl: Repl, boardPath: string, chunk: number): Promise<Uint8Array> {
  await repl.run(`_otalab_fh = open(${pyStr(boardPath)}, 'rb')`);
  const parts: Buffer[] = [];
  try {
    for (;;) {
      // One base64 line per chunk, an empty line at the end of the file.
      const out = await repl.run(`print(binascii.b2a_base64(_otalab_fh.read(${chunk})).decode().strip())`);
      const line = out.trim();
      if (line.length === 0) break;
      parts.push(Buffer.from(line, 'base64'));
    }
  } finally {
    await repl.run('_otalab_fh.close()\n_otalab_fh = None').catch(() => undefined);
  }
  return new Uint8Array(Buffer.concat(parts));
}
