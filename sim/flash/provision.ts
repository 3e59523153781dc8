/**
 * Provisioning and inspection of the virtual flash for runners: load a tree, snapshot it. Not
 * operations, no virtual time, no power check.
 */
import { ancestorsOf, isValidFlashPath } from './paths.ts';
import type { SpaceModel } from './space.ts';
import type { FlashStore } from './store.ts';

export type FlashTree = Map<string, Uint8Array | string> | Record<string, Uint8Array | string>;

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Replaces the store's contents; parent directories are created as needed. */
export function provision(store: FlashStore, space: SpaceModel, files: FlashTree, emptyDirs: readonly string[]): void {
  store.clear();
  space.clear();
  const fail = (why: string): never => {
    throw new Error(`Failed to load flash: ${why}`);
  };
  const ensureDir = (dir: string) => {
    const kind = store.kind(dir);
    if (dir === '' || kind === 'dir') return;
    if (kind === 'file') fail(`${JSON.stringify(dir)} is both a file and a directory`);
    space.tryMkdir(dir, Number.POSITIVE_INFINITY);
    store.makeDir(dir);
  };
  for (const dir of emptyDirs) {
    if (!isValidFlashPath(dir)) fail(`invalid path ${JSON.stringify(dir)}`);
    for (const d of [...ancestorsOf(dir), dir]) ensureDir(d);
  }
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  for (const [path, content] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!isValidFlashPath(path) || path === '') fail(`invalid path ${JSON.stringify(path)}`);
    for (const d of ancestorsOf(path)) ensureDir(d);
    if (store.kind(path) === 'dir') fail(`${JSON.stringify(path)} is both a file and a directory`);
    const data = typeof content === 'string' ? utf8.encode(content) : content.slice();
    space.tryFile(path, store.size(path), data.length, 0, Number.POSITIVE_INFINITY);
    store.setFile(path, data);
  }
  if (space.used > space.capacityBytes) fail(`${space.used} bytes exceed the capacity ${space.capacityBytes}`);
}

/** Every file (copies), sorted by path. */
export function snapshotOf(store: FlashStore): Map<string, Uint8Array> {
  const files = store.copyFiles();
  return new Map([...files.keys()].sort().map((p) => [p, files.get(p)!]));
}
