/**
 * Flash: the device filesystem as the updater sees it.
 *
 * Paths are POSIX, relative to the device root, never start with '/', never contain '.' or '..'
 * segments; '' is the root. Semantics follow littlefs (the Pico W filesystem): a file written
 * through `openWrite` becomes visible with its new contents only at `close()` (before that a reader
 * sees the old contents, or 0 bytes for a file that did not exist); `rename` atomically replaces an
 * existing destination file. Nothing else is atomic.
 */
export interface FlashEntry {
  name: string;
  kind: 'file' | 'dir';
  size: number;
}

export interface FlashStat {
  kind: 'file' | 'dir';
  size: number;
}

export interface FlashWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Commit point: the file's contents are durable once this resolves. */
  close(): Promise<void>;
}

export interface FlashReader {
  /** Up to maxBytes; null at end of file. */
  read(maxBytes: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export interface Flash {
  stat(path: string): Promise<FlashStat | null>;
  readFile(path: string): Promise<Uint8Array>;
  openRead(path: string): Promise<FlashReader>;
  /** Create or truncate. The parent directory must exist. */
  openWrite(path: string): Promise<FlashWriter>;
  /** Atomically replaces `to` when it is a file. The parent of `to` must exist. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file (not a directory). */
  remove(path: string): Promise<void>;
  /** Creates one directory level; fails with EEXIST if present. */
  mkdir(path: string): Promise<void>;
  /** Removes an empty directory. */
  rmdir(path: string): Promise<void>;
  list(path: string): Promise<FlashEntry[]>;
  /** Flushes every open buffer (MicroPython os.sync()). */
  sync(): Promise<void>;
  /** Free bytes, when the filesystem can say. */
  freeBytes(): Promise<number | null>;
}

export type FlashErrorCode = 'ENOENT' | 'EEXIST' | 'ENOTEMPTY' | 'ENOTDIR' | 'EISDIR' | 'ENOSPC' | 'EIO' | 'EINVAL' | 'ENAMETOOLONG';

/** The one error type every Flash adapter throws for filesystem failures (not for power loss). */
export class FlashError extends Error {
  constructor(
    readonly code: FlashErrorCode,
    readonly op: string,
    readonly path: string,
  ) {
    super(`Failed to ${op} ${JSON.stringify(path)}: ${code}`);
    this.name = 'FlashError';
  }
}

export function isFlashError(err: unknown, code?: FlashErrorCode): err is FlashError {
  return err instanceof FlashError && (code === undefined || err.code === code);
}
