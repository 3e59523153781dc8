/**
 * The MicroPython the host sends for deploy and dump. Helpers are defined once per session in the
 * raw REPL's globals (they persist between execs; entry never soft-resets) under `_otalab_` names.
 */
import type { Repl } from '../repl/index.ts';
import { ReplError } from '../repl/index.ts';
import { pyStr } from './board-paths.ts';

const HELPERS = `
import os, hashlib, binascii, json
def _otalab_sha(p):
    h = hashlib.sha256()
    with open(p, 'rb') as f:
        while True:
            b = f.read(1024)
            if not b:
                break
            h.update(b)
    return binascii.hexlify(h.digest()).decode()
def _otalab_walk(root, rel, files, dirs):
    for e in os.ilistdir(root + rel if rel else root):
        p = rel + '/' + e[0] if rel else e[0]
        if e[1] & 0x4000:
            dirs.append(p)
            _otalab_walk(root, p, files, dirs)
        else:
            files[p] = os.stat(root + p)[6]
def _otalab_mkdirs(root, dirs):
    for d in dirs:
        try:
            os.stat(root + d)
        except OSError:
            os.mkdir(root + d)
`;

export interface Listing {
  /** path → size in bytes */
  files: Map<string, number>;
  dirs: string[];
}

/** Parses the last output line as JSON: the scripts print exactly one such line at their end. */
export function lastJson<T>(out: string): T {
  const line = out.trim().split(/\r?\n/).pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new ReplError('protocol', `expected a JSON line from the board, got ${JSON.stringify(out.slice(-200))}`, { out });
  }
}

export async function installHelpers(repl: Repl): Promise<void> {
  await repl.run(HELPERS);
}

/** `root` with a trailing slash, as the helpers join paths. */
export function rootSlash(root: string): string {
  return root.endsWith('/') ? root : `${root}/`;
}

export async function listBoard(repl: Repl, root: string): Promise<Listing> {
  const out = await repl.run(`_f = {}\n_d = []\n_otalab_walk(${pyStr(rootSlash(root))}, '', _f, _d)\nprint(json.dumps({'files': _f, 'dirs': _d}))\n_f = _d = None`, { timeoutMs: 30_000 });
  const parsed = lastJson<{ files: Record<string, number>; dirs: string[] }>(out);
  return { files: new Map(Object.entries(parsed.files)), dirs: parsed.dirs };
}

/** sha256 hex of each path on the board; missing files are absent from the result. */
export async function boardHashes(repl: Repl, root: string, paths: readonly string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const out = await repl.run(
    `_h = {}\nfor _p in ${JSON.stringify(paths)}:\n    try:\n        _h[_p] = _otalab_sha(${pyStr(rootSlash(root))} + _p)\n    except OSError:\n        pass\nprint(json.dumps(_h))\n_h = None`,
    { timeoutMs: 30_000 + paths.length * 2000 },
  );
  return new Map(Object.entries(lastJson<Record<string, string>>(out)));
}
