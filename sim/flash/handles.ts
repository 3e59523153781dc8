/**
 * Open-file handles of the virtual flash. They live in RAM: a reboot drops them, and any later
 * call on one is a programmer error (code from a previous boot must not run on).
 */
import type { Power } from '../power.ts';

/** What a write handle asks of its flash (VirtualFlash implements it). */
export interface WriteSink {
  writeChunk(handle: FlashWriteHandle, chunk: Uint8Array): void;
  closeWriter(handle: FlashWriteHandle): void;
}

const EMPTY = new Uint8Array(0);

export class FlashWriteHandle {
  /** Bytes written through this handle: `buf[0, len)`. Grows by doubling; the prefix is never rewritten. */
  buf: Uint8Array = EMPTY;
  len = 0;
  closed = false;
  /** Set when a reboot (or a reload) dropped the handle. */
  dropped = false;

  constructor(
    private readonly sink: WriteSink,
    readonly path: string,
  ) {}

  write(chunk: Uint8Array): void {
    this.sink.writeChunk(this, chunk);
  }

  /** The commit point on littlefs. Closing twice does nothing (as in MicroPython). */
  close(): void {
    this.sink.closeWriter(this);
  }

  /** Appends `chunk[0, count)` to the buffer. */
  append(chunk: Uint8Array, count: number): void {
    const need = this.len + count;
    if (need > this.buf.length) {
      // A new buffer, never a resize: arrays handed out earlier (fat views) must stay intact.
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2, 256));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(count === chunk.length ? chunk : chunk.subarray(0, count), this.len);
    this.len = need;
  }

  /** The written bytes as a view (valid forever: the prefix is never rewritten). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

export class FlashReadHandle {
  #pos = 0;
  #closed = false;

  constructor(
    private readonly power: Power,
    private readonly data: Uint8Array,
    readonly path: string,
    private readonly isCurrent: () => boolean,
    /** Charges the virtual time reading `bytes` costs (it elapses before the bytes are handed over). */
    private readonly charge: (bytes: number) => void = () => {},
  ) {}

  /** Up to `maxBytes` (a copy); null at end of file. Not an operation. */
  read(maxBytes: number): Uint8Array | null {
    this.power.check();
    if (!this.isCurrent()) throw new Error(`Failed to read ${JSON.stringify(this.path)}: the file was opened before a reboot`);
    if (this.#closed) throw new Error(`Failed to read ${JSON.stringify(this.path)}: the file is closed`);
    if (!(maxBytes > 0)) throw new Error(`Failed to read ${JSON.stringify(this.path)}: maxBytes must be positive, got ${maxBytes}`);
    if (this.#pos >= this.data.length) return null;
    const end = Math.min(this.data.length, this.#pos + maxBytes);
    this.charge(end - this.#pos);
    const out = this.data.slice(this.#pos, end);
    this.#pos = end;
    return out;
  }

  close(): void {
    this.power.check();
    this.#closed = true;
  }
}
