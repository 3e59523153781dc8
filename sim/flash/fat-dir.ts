/**
 * FatLayoutStore: a FlashStore that also keeps where each entry sits in its FAT directory, so a
 * torn directory write can take its neighbours with it (profile.ts, fat).
 *
 * Layout (FatFs with long names): a directory is a run of 32-byte slots, 16 to a 512-byte sector;
 * a subdirectory starts with `.` and `..`. An entry takes one slot per 13 UTF-16 units of its long
 * name plus its short entry (the lab gives every name a long one; FatFs skips it for names that
 * fit 8.3 in one case, which only packs sectors tighter). A new entry takes the first run of free
 * slots big enough (FatFs dir_alloc), so freed slots are reused; its sector is the one holding its
 * short entry, written last.
 */
import { baseName, joinPath, parentOf } from './paths.ts';
import type { FlashStore } from './store.ts';

export const SLOT_BYTES = 32;
export const SECTOR_SLOTS = 512 / SLOT_BYTES;
const DOTS = '\0dots';

function slotsFor(name: string): number {
  return 1 + Math.ceil(name.length / 13);
}

export class FatLayoutStore implements FlashStore {
  /** Directory → owner name of each slot (null: free). */
  readonly #slots = new Map<string, Array<string | null>>([['', []]]);

  constructor(private readonly inner: FlashStore) {}

  kind(path: string) {
    return this.inner.kind(path);
  }
  file(path: string) {
    return this.inner.file(path);
  }
  size(path: string) {
    return this.inner.size(path);
  }
  childNames(path: string) {
    return this.inner.childNames(path);
  }
  filePaths() {
    return this.inner.filePaths();
  }
  copyFiles() {
    return this.inner.copyFiles();
  }
  dirPaths() {
    return this.inner.dirPaths();
  }

  setFile(path: string, data: Uint8Array): void {
    if (this.inner.kind(path) === undefined) this.#add(path);
    this.inner.setFile(path, data);
  }

  deleteFile(path: string): void {
    this.inner.deleteFile(path);
    this.#remove(path);
  }

  makeDir(path: string): void {
    this.inner.makeDir(path);
    this.#add(path);
    this.#slots.set(path, [DOTS, DOTS]);
  }

  deleteDir(path: string): void {
    this.inner.deleteDir(path);
    this.#remove(path);
    this.#slots.delete(path);
  }

  move(from: string, to: string): void {
    // FatFs registers the new entry, then frees the old one.
    this.#add(to);
    this.inner.move(from, to);
    this.#remove(from);
    const prefix = `${from}/`;
    const moved = [...this.#slots].filter(([p]) => p === from || p.startsWith(prefix));
    for (const [p] of moved) this.#slots.delete(p);
    for (const [p, v] of moved) this.#slots.set(to + p.slice(from.length), v);
  }

  clear(): void {
    this.inner.clear();
    this.#slots.clear();
    this.#slots.set('', []);
  }

  /** The sector of `path`'s directory holding its short entry, or where a new entry would go. */
  sectorOf(path: string): number {
    const slots = this.#slots.get(parentOf(path)) ?? [];
    const name = baseName(path);
    const last = slots.lastIndexOf(name);
    return Math.floor((last >= 0 ? last : firstFit(slots, slotsFor(name)) + slotsFor(name) - 1) / SECTOR_SLOTS);
  }

  /** Paths of the entries (other than `except`) with a slot in sector `sector` of `dir`. */
  entriesIn(dir: string, sector: number, except: string): string[] {
    const slots = this.#slots.get(dir) ?? [];
    const names = new Set(slots.slice(sector * SECTOR_SLOTS, (sector + 1) * SECTOR_SLOTS));
    return [...names].filter((n): n is string => n !== null && n !== DOTS && n !== except).map((n) => joinPath(dir, n));
  }

  #add(path: string): void {
    const slots = this.#slots.get(parentOf(path))!;
    const name = baseName(path);
    const n = slotsFor(name);
    const at = firstFit(slots, n);
    for (let i = 0; i < n; i++) slots[at + i] = name;
  }

  #remove(path: string): void {
    const slots = this.#slots.get(parentOf(path));
    if (slots === undefined) return;
    const name = baseName(path);
    for (let i = 0; i < slots.length; i++) if (slots[i] === name) slots[i] = null;
  }
}

function firstFit(slots: Array<string | null>, n: number): number {
  let run = 0;
  for (let i = 0; i < slots.length; i++) {
    run = slots[i] === null ? run + 1 : 0;
    if (run === n) return i - n + 1;
  }
  return slots.length - run;
}
