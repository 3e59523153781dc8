/**
 * FlashSpace: block accounting of the virtual flash. A committed file takes whole blocks, at least
 * one; a non-root directory one. On littlefs, data buffered in open handles also holds blocks
 * (copy-on-write: the old copy stays in use until the close commits), counted as `pending`.
 */
export class FlashSpace {
  /** Committed use, bytes. */
  used = 0;
  /** Blocks held by buffered (uncommitted) data, bytes. */
  pending = 0;

  constructor(
    readonly blockBytes: number,
    readonly capacityBytes: number,
  ) {}

  free(): number {
    return this.capacityBytes - this.used - this.pending;
  }

  /** What a committed file of `size` bytes takes. */
  fileBytes(size: number): number {
    return Math.max(1, Math.ceil(size / this.blockBytes)) * this.blockBytes;
  }

  /** What `size` bytes of buffered data take. */
  dataBytes(size: number): number {
    return Math.ceil(size / this.blockBytes) * this.blockBytes;
  }

  /** Accounts a file going from `oldSize` (undefined: absent) to `newSize` (undefined: removed). */
  resize(oldSize: number | undefined, newSize: number | undefined): void {
    this.used += (newSize === undefined ? 0 : this.fileBytes(newSize)) - (oldSize === undefined ? 0 : this.fileBytes(oldSize));
  }
}
