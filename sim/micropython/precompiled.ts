/**
 * Compiled twins of flash files: `.mpy` for `.py` files whose exact bytes were precompiled
 * (`precompileFlashFiles`, e.g. the updater's own files before a run). The flash keeps the `.py`
 * the scenario sees; only the import system, through an absolute `sys.path` root (`/lib`), is
 * served the twin (bridge-flash.ts). A file changed on the flash (an update that replaces the
 * updater) no longer matches its twin and is compiled from source by the interpreter, as on a board.
 *
 * Per realm (a sweep worker has its own). Lookups are synchronous (they happen inside an import);
 * compiling is not, so it happens before a boot.
 */
import { createHash } from 'node:crypto';
import { compileMpy } from './mpy-cross.ts';

const twins = new Map<string, Uint8Array>();
const prepared = new WeakMap<ReadonlyMap<string, Uint8Array>, Promise<number>>();

const keyOf = (path: string, bytes: Uint8Array) => `${path}\0${createHash('sha256').update(bytes).digest('hex')}`;

/** The name the interpreter gives a module it imports from flash path `path` through `/lib`-style absolute roots. */
export const importName = (path: string) => `/${path}`;

/**
 * Precompiles every `.py` in `files` (flash path → bytes) once per map; answers how many have a
 * twin (0 when mpy-cross is not installed).
 */
export function precompileFlashFiles(files: ReadonlyMap<string, Uint8Array>): Promise<number> {
  let done = prepared.get(files);
  if (!done) {
    done = (async () => {
      let n = 0;
      for (const [path, bytes] of files) {
        if (!path.endsWith('.py')) continue;
        const mpy = await compileMpy(importName(path), bytes);
        if (mpy === null) continue;
        twins.set(keyOf(path, bytes), mpy);
        n++;
      }
      return n;
    })();
    prepared.set(files, done);
  }
  return done;
}

/** The compiled twin of the `.py` at flash path `path` holding `bytes`, if precompiled. */
export function twinOf(path: string, bytes: Uint8Array): Uint8Array | undefined {
  return twins.size === 0 ? undefined : twins.get(keyOf(path, bytes));
}
