/**
 * LittlefsSpace: blocks as littlefs v2 spends them on a Pico W (MicroPython's
 * `VfsLfs2(rp2.Flash(), progsize=256)`: 4096 B blocks, read size 32, so cache size
 * min(4096, 4 × 256) = 1024; mtime attributes on). Rules (littlefs SPEC.md / DESIGN.md, lfs.c):
 *
 *   - Every directory, the root too, is a metadata pair: 2 blocks. The root's pair (blocks 0, 1,
 *     also holding the superblock) exists from format on, so a fresh 212-block flash has 210 free.
 *   - A directory's entries live in its metadata: per file a name tag and name, a struct tag with
 *     either the file's data inline or a CTZ reference (8 B), and its mtime attribute (4 + 8 B);
 *     per subdirectory a name tag and name and a pair reference (4 + 8 B).
 *   - Files of at most `INLINE_MAX` bytes are inline: min(0x3fe, cache size, block size / 8) = 512 B.
 *     They take no block of their own; until their close they wait in the RAM cache.
 *   - Larger files take a CTZ skip-list: block i > 0 starts with ctz(i) + 1 pointers of 4 B, so a
 *     file of exactly 2 blocks' bytes needs 3 blocks. Written data takes blocks as it is written
 *     (copy-on-write: a rewrite holds old and new blocks until its close commits).
 *   - When compacted metadata exceeds half a block (2048 B, aligned to the 256 B prog size) the
 *     directory splits into one more pair (2 blocks). With no 2 blocks free littlefs compacts
 *     the last pair anyway while its metadata still fits one block (4096 − 40 B); beyond that the
 *     commit fails with NOSPC. So any op that adds metadata — creating a file, closing one (inline data grows
 *     the directory), a rename into a directory, mkdir — can fail with NOSPC on a full flash.
 *   - Removing never needs a block (a delete tag shrinks the compacted metadata; a pair that
 *     cannot relocate for wear levelling compacts in place), so a remove is always possible.
 * Simplification: a directory gives a pair back as soon as its metadata fits in fewer (littlefs
 * only drops a tail pair once it is empty).
 */
import { baseName, parentOf, utf8Length } from './paths.ts';
import type { SpaceModel } from './space.ts';

export const INLINE_MAX = 512;
const SPLIT_BYTES = 2048;
const PAIR_MAX_BYTES = 4096 - 40;
/** Name tag (4), struct tag (4), mtime attribute tag and value (4 + 8). */
const FILE_ENTRY = 20;
/** Name tag (4), dir-struct tag and pair (4 + 8). */
const DIR_ENTRY = 16;
/** Revision count, tail and CRC tags of a compacted block. */
const DIR_BASE = 16;
/** The superblock entry in the root: name "littlefs" and its inline struct. */
const SUPERBLOCK = 4 + 8 + 4 + 24;

/** Blocks a CTZ skip-list of `size` bytes takes (littlefs DESIGN.md, "CTZ skip-lists"). */
export function ctzBlocks(size: number, blockBytes: number): number {
  let n = Math.max(1, Math.ceil(size / blockBytes));
  // n blocks hold n·B − 4·(2(n−1) − popcount(n−1)) bytes of data.
  while (n * blockBytes - 4 * (2 * (n - 1) - popcount(n - 1)) < size) n++;
  return n;
}

function popcount(x: number): number {
  let c = 0;
  for (; x > 0; x >>>= 1) c += x & 1;
  return c;
}

export class LittlefsSpace implements SpaceModel {
  used = 0;
  pending = 0;
  /** Compacted metadata bytes per directory ('' is the root). */
  readonly #meta = new Map<string, number>();
  /** Metadata pairs each directory holds. */
  readonly #pairs = new Map<string, number>();

  constructor(
    readonly blockBytes: number,
    readonly capacityBytes: number,
  ) {
    this.clear();
  }

  free(): number {
    return this.capacityBytes - this.used - this.pending;
  }

  clear(): void {
    this.#meta.clear();
    this.#pairs.clear();
    this.#meta.set('', DIR_BASE + SUPERBLOCK);
    this.#pairs.set('', 1);
    this.used = 2 * this.blockBytes;
    this.pending = 0;
  }

  /** Data blocks of a committed file (inline files have none). */
  dataBytes(size: number | undefined): number {
    return size === undefined || size <= INLINE_MAX ? 0 : ctzBlocks(size, this.blockBytes) * this.blockBytes;
  }

  bufferBytes(len: number): number {
    return this.dataBytes(len);
  }

  /** Metadata pairs a directory holds (for tests and reports). */
  pairsOf(dir: string): number | undefined {
    return this.#pairs.get(dir);
  }

  tryFile(path: string, before: number | undefined, after: number | undefined, released: number, free: number, apply = true): boolean {
    const name = baseName(path);
    const dir = parentOf(path);
    const meta = this.#metaOf(dir) - fileEntry(name, before) + fileEntry(name, after);
    const data = this.dataBytes(after) - released;
    if (data > free) return false;
    const pairs = this.#pairsFor(dir, meta, free - Math.max(0, data));
    if (pairs === null) return false;
    if (!apply) return true;
    this.#setDir(dir, meta, pairs);
    this.used += this.dataBytes(after) - this.dataBytes(before);
    return true;
  }

  tryMkdir(path: string, free: number, apply = true): boolean {
    const parent = parentOf(path);
    const meta = this.#metaOf(parent) + dirEntry(baseName(path));
    if (free < 2 * this.blockBytes) return false;
    const pairs = this.#pairsFor(parent, meta, free - 2 * this.blockBytes);
    if (pairs === null) return false;
    if (!apply) return true;
    this.#setDir(parent, meta, pairs);
    this.#setDir(path, DIR_BASE, 1);
    return true;
  }

  rmdir(path: string): void {
    const parent = parentOf(path);
    this.#setDir(path, 0, 0);
    this.#meta.delete(path);
    this.#pairs.delete(path);
    const meta = this.#metaOf(parent) - dirEntry(baseName(path));
    this.#setDir(parent, meta, this.#pairsFor(parent, meta, 0)!);
  }

  tryMove(from: string, to: string, kind: 'file' | 'dir', size: number, replaced: number | 'dir' | undefined, free: number, apply = true): boolean {
    const entryOf = (path: string, k: 'file' | 'dir', s: number) => (k === 'dir' ? dirEntry(baseName(path)) : fileEntry(baseName(path), s));
    const [src, dst] = [parentOf(from), parentOf(to)];
    // One commit (littlefs renames atomically): the destination gains the entry (its inline data
    // with it) and loses what it replaces; the source directory shrinks.
    const replacedEntry = replaced === undefined ? 0 : replaced === 'dir' ? dirEntry(baseName(to)) : fileEntry(baseName(to), replaced);
    const dstMeta = this.#metaOf(dst) + entryOf(to, kind, size) - replacedEntry - (src === dst ? entryOf(from, kind, size) : 0);
    const dstPairs = this.#pairsFor(dst, dstMeta, free);
    if (dstPairs === null) return false;
    if (!apply) return true;
    if (replaced === 'dir') {
      this.#setDir(to, 0, 0);
      this.#meta.delete(to);
      this.#pairs.delete(to);
    } else if (replaced !== undefined) {
      this.used -= this.dataBytes(replaced);
    }
    this.#setDir(dst, dstMeta, dstPairs);
    if (src !== dst) {
      const srcMeta = this.#metaOf(src) - entryOf(from, kind, size);
      this.#setDir(src, srcMeta, this.#pairsFor(src, srcMeta, 0)!);
    }
    if (kind === 'dir') this.#rekey(from, to);
    return true;
  }

  #metaOf(dir: string): number {
    const meta = this.#meta.get(dir);
    if (meta === undefined) throw new Error(`Failed to account flash space: no directory ${JSON.stringify(dir)}`);
    return meta;
  }

  /** The pairs `dir` holds with `meta` bytes, allocating from `free`; null: NOSPC. */
  #pairsFor(dir: string, meta: number, free: number): number | null {
    const held = this.#pairs.get(dir) ?? 0;
    const want = Math.max(1, Math.ceil(meta / SPLIT_BYTES));
    if (want <= held) return want;
    const affordable = held + Math.floor(Math.max(0, free) / (2 * this.blockBytes));
    if (want <= affordable) return want;
    // littlefs splits while it can allocate, then compacts the last pair past the split point
    // while the metadata still fits it.
    return meta <= (affordable - 1) * SPLIT_BYTES + PAIR_MAX_BYTES ? affordable : null;
  }

  #setDir(dir: string, meta: number, pairs: number): void {
    this.used += (pairs - (this.#pairs.get(dir) ?? 0)) * 2 * this.blockBytes;
    this.#meta.set(dir, meta);
    this.#pairs.set(dir, pairs);
  }

  /** A moved directory keeps its pairs, and so does everything below it. */
  #rekey(from: string, to: string): void {
    const prefix = `${from}/`;
    for (const map of [this.#meta, this.#pairs]) {
      const moved = [...map].filter(([p]) => p === from || p.startsWith(prefix));
      for (const [p] of moved) map.delete(p);
      for (const [p, v] of moved) map.set(to + p.slice(from.length), v);
    }
  }
}

function fileEntry(name: string, size: number | undefined): number {
  if (size === undefined) return 0;
  return FILE_ENTRY + utf8Length(name) + (size <= INLINE_MAX ? size : 8);
}

function dirEntry(name: string): number {
  return DIR_ENTRY + utf8Length(name);
}
