/**
 * Space accounting of the virtual flash, one model per filesystem. VirtualFlash asks a model
 * whether a commit fits (`try*` apply it only when it does: false means ENOSPC) and tells it what
 * buffered writes hold. `free` arguments are the free bytes the op may use (0 under a flash-full
 * fault); a model never consults the store, it is told every change.
 *
 * BlockSpace (fat): whole blocks, at least one per file, one per non-root directory; a write goes
 * straight to its blocks, so nothing is buffered. The littlefs model is in littlefs-space.ts.
 */
export interface SpaceModel {
  readonly blockBytes: number;
  readonly capacityBytes: number;
  /** Committed use, bytes (VirtualFlash.leaveFree adds held space to it). */
  used: number;
  /** Blocks held by buffered (uncommitted) data, bytes. */
  pending: number;
  free(): number;
  /** Back to an empty, freshly formatted filesystem. */
  clear(): void;
  /** What `len` bytes of data buffered in an open handle hold until the close commits them. */
  bufferBytes(len: number): number;
  /**
   * File `path` goes from `before` bytes (undefined: absent) to `after` (undefined: removed).
   * `released`: pending bytes this commit turns into the file's blocks (already dropped from
   * `pending` by the caller). False, and nothing changes, when it does not fit in `free`; with
   * `apply` false it only answers.
   */
  tryFile(path: string, before: number | undefined, after: number | undefined, released: number, free: number, apply?: boolean): boolean;
  tryMkdir(path: string, free: number, apply?: boolean): boolean;
  /** `path` is an empty directory. */
  rmdir(path: string): void;
  /**
   * Moves an entry (a directory with everything below it), removing what `to` held in the same
   * commit (`replaced`: a file's size, or 'dir' for an empty directory).
   */
  tryMove(from: string, to: string, kind: 'file' | 'dir', size: number, replaced: number | 'dir' | undefined, free: number, apply?: boolean): boolean;
}

export class BlockSpace implements SpaceModel {
  used = 0;
  pending = 0;

  constructor(
    readonly blockBytes: number,
    readonly capacityBytes: number,
  ) {}

  free(): number {
    return this.capacityBytes - this.used - this.pending;
  }

  clear(): void {
    this.used = 0;
    this.pending = 0;
  }

  /** What a committed file of `size` bytes takes. */
  fileBytes(size: number | undefined): number {
    return size === undefined ? 0 : Math.max(1, Math.ceil(size / this.blockBytes)) * this.blockBytes;
  }

  bufferBytes(len: number): number {
    return Math.ceil(len / this.blockBytes) * this.blockBytes;
  }

  tryFile(_path: string, before: number | undefined, after: number | undefined, released: number, free: number, apply = true): boolean {
    const grow = this.fileBytes(after) - this.fileBytes(before);
    if (after !== undefined && grow - released > free) return false;
    if (apply) this.used += grow;
    return true;
  }

  tryMkdir(_path: string, free: number, apply = true): boolean {
    if (free < this.blockBytes) return false;
    if (apply) this.used += this.blockBytes;
    return true;
  }

  rmdir(): void {
    this.used -= this.blockBytes;
  }

  tryMove(_from: string, _to: string, _kind: 'file' | 'dir', _size: number, replaced: number | 'dir' | undefined, _free: number, apply = true): boolean {
    // A rename rewrites directory entries in place: it frees what it replaces and allocates nothing.
    if (!apply) return true;
    if (replaced === 'dir') this.used -= this.blockBytes;
    else if (replaced !== undefined) this.used -= this.fileBytes(replaced);
    return true;
  }
}
