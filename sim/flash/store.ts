/**
 * FlashStore: the durable bytes of the virtual flash, with no semantics of its own. VirtualFlash
 * decides what may happen (errors, cuts, space); a store only does it. Callers guarantee the
 * preconditions stated on each method. Stored arrays are never mutated after they are stored, so
 * a store may hand out the array it holds.
 *
 * Two backends: MapStore (plain maps) is what a VirtualFlash uses unless told otherwise, and what
 * the flash's own tests use; the lab's SimBoard asks for MemfsStore (sim/board.ts). bench.ts
 * measures both per op; neither is "the default" of a lab run.
 */
import type { FlashErrorCode } from '../../core/ports/flash.ts';
import { baseName, parentOf } from './paths.ts';

export interface FlashStore {
  kind(path: string): 'file' | 'dir' | undefined;
  /** Contents of a file; do not mutate. */
  file(path: string): Uint8Array | undefined;
  size(path: string): number | undefined;
  /** Parent is a dir; `path` is not a dir. */
  setFile(path: string, data: Uint8Array): void;
  /** `path` is a file. */
  deleteFile(path: string): void;
  /** Parent is a dir; `path` does not exist. */
  makeDir(path: string): void;
  /** `path` is an empty dir, not the root. */
  deleteDir(path: string): void;
  /** `path` is a dir. Unsorted. */
  childNames(path: string): string[];
  /** `from` exists; `to` does not, its parent is a dir and is not inside `from`. */
  move(from: string, to: string): void;
  /** Unsorted; `dirPaths` excludes the root. */
  filePaths(): string[];
  /** Every file with a private copy of its bytes, in one pass (snapshots are taken at every boot). */
  copyFiles(): Map<string, Uint8Array>;
  dirPaths(): string[];
  clear(): void;
}

/** The error for a path that does not exist: ENOTDIR when its nearest existing ancestor is a file. */
export function absentCode(store: FlashStore, path: string): FlashErrorCode {
  for (let p = parentOf(path); p !== ''; p = parentOf(p)) {
    const kind = store.kind(p);
    if (kind !== undefined) return kind === 'file' ? 'ENOTDIR' : 'ENOENT';
  }
  return 'ENOENT';
}

export class MapStore implements FlashStore {
  readonly #files = new Map<string, Uint8Array>();
  /** Directory → names of its children; the root is ''. */
  readonly #dirs = new Map<string, Set<string>>([['', new Set()]]);

  kind(path: string): 'file' | 'dir' | undefined {
    if (this.#files.has(path)) return 'file';
    return this.#dirs.has(path) ? 'dir' : undefined;
  }

  file(path: string): Uint8Array | undefined {
    return this.#files.get(path);
  }

  size(path: string): number | undefined {
    return this.#files.get(path)?.length;
  }

  setFile(path: string, data: Uint8Array): void {
    if (!this.#files.has(path)) this.#children(parentOf(path)).add(baseName(path));
    this.#files.set(path, data);
  }

  deleteFile(path: string): void {
    this.#files.delete(path);
    this.#children(parentOf(path)).delete(baseName(path));
  }

  makeDir(path: string): void {
    this.#dirs.set(path, new Set());
    this.#children(parentOf(path)).add(baseName(path));
  }

  deleteDir(path: string): void {
    this.#dirs.delete(path);
    this.#children(parentOf(path)).delete(baseName(path));
  }

  childNames(path: string): string[] {
    return [...this.#children(path)];
  }

  move(from: string, to: string): void {
    this.#children(parentOf(from)).delete(baseName(from));
    this.#children(parentOf(to)).add(baseName(to));
    const data = this.#files.get(from);
    if (data !== undefined) {
      this.#files.delete(from);
      this.#files.set(to, data);
      return;
    }
    // A directory: re-key it and everything below it; child name sets stay as they are.
    const prefix = `${from}/`;
    const movedDirs = [...this.#dirs].filter(([p]) => p === from || p.startsWith(prefix));
    for (const [p] of movedDirs) this.#dirs.delete(p);
    for (const [p, names] of movedDirs) this.#dirs.set(to + p.slice(from.length), names);
    const movedFiles = [...this.#files].filter(([p]) => p.startsWith(prefix));
    for (const [p] of movedFiles) this.#files.delete(p);
    for (const [p, bytes] of movedFiles) this.#files.set(to + p.slice(from.length), bytes);
  }

  copyFiles(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const path of this.filePaths()) out.set(path, this.file(path)!.slice());
    return out;
  }

  filePaths(): string[] {
    return [...this.#files.keys()];
  }

  dirPaths(): string[] {
    return [...this.#dirs.keys()].filter((p) => p !== '');
  }

  clear(): void {
    this.#files.clear();
    this.#dirs.clear();
    this.#dirs.set('', new Set());
  }

  #children(dir: string): Set<string> {
    const names = this.#dirs.get(dir);
    if (names === undefined) throw new Error(`Failed to update flash store: ${JSON.stringify(dir)} is not a directory`);
    return names;
  }
}
