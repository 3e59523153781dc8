/**
 * Directory helpers: create a path level by level, remove a tree bottom-up, list files below a
 * directory. Unlike the predecessor's `_rmtree` (which left empty skeletons), `rmtree` removes
 * children before their parent, so nothing is left behind.
 */
import { joinPath } from '../paths/index.ts';
import { isFlashError, type Flash } from '../ports/flash.ts';

/** Called once per mutating step, so a caller can feed the watchdog. */
export type OnStep = () => void;

const noStep: OnStep = () => {};

/** Creates every missing level of `dir`; returns the levels it created, parents first. */
export async function mkdirs(flash: Flash, dir: string, onStep: OnStep = noStep): Promise<string[]> {
  const created: string[] = [];
  let path = '';
  for (const segment of dir === '' ? [] : dir.split('/')) {
    path = joinPath(path, segment);
    const st = await flash.stat(path);
    if (st?.kind === 'dir') continue;
    if (st !== null) throw new Error(`Failed to create directory ${JSON.stringify(dir)}: ${JSON.stringify(path)} is a file`);
    try {
      await flash.mkdir(path);
      created.push(path);
    } catch (err) {
      if (!isFlashError(err, 'EEXIST')) throw err;
    }
    onStep();
  }
  return created;
}

/** Removes `path` and everything below it; a missing path is not an error. Returns files removed. */
export async function rmtree(flash: Flash, path: string, onStep: OnStep = noStep): Promise<number> {
  if (path === '') throw new Error('Failed to remove a tree: refusing to remove the root');
  const st = await flash.stat(path);
  if (st === null) return 0;
  if (st.kind === 'file') {
    await flash.remove(path);
    onStep();
    return 1;
  }
  let files = 0;
  for (const entry of await flash.list(path)) files += await rmtree(flash, joinPath(path, entry.name), onStep);
  await flash.rmdir(path);
  onStep();
  return files;
}

/** Every file below `dir`, as paths relative to `dir`, sorted; [] when `dir` is missing. */
export async function walkFiles(flash: Flash, dir: string): Promise<string[]> {
  const st = await flash.stat(dir);
  if (st?.kind !== 'dir') return [];
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    for (const entry of await flash.list(joinPath(dir, rel))) {
      const child = joinPath(rel, entry.name);
      if (entry.kind === 'dir') await visit(child);
      else out.push(child);
    }
  };
  await visit('');
  return out.sort();
}

/** Removes `dir` if it exists and is empty; true when removed. */
export async function rmdirIfEmpty(flash: Flash, dir: string): Promise<boolean> {
  const st = await flash.stat(dir);
  if (st?.kind !== 'dir') return false;
  if ((await flash.list(dir)).length > 0) return false;
  await flash.rmdir(dir);
  return true;
}
