/**
 * Streaming digests used to verify downloads on the fly: Git's blob SHA-1 (what a tree entry's
 * `sha` is), SHA-256 and CRC-32 (what a manifest may carry). Each takes chunks in any split and
 * gives the same answer as a one-shot digest of the concatenation.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';

/** Git's id of a file's contents: SHA-1 over `"blob <size>\0"` + bytes. `size` is the declared size. */
export class BlobSha1 {
  private readonly h: Hash;
  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Failed to start blob hash: bad size ${size}`);
    this.h = createHash('sha1').update(`blob ${size}\0`, 'latin1');
  }
  update(chunk: Uint8Array): this {
    this.h.update(chunk);
    return this;
  }
  hex(): string {
    return this.h.digest('hex');
  }
}

export class Sha256 {
  private readonly h = createHash('sha256');
  update(chunk: Uint8Array): this {
    this.h.update(chunk);
    return this;
  }
  hex(): string {
    return this.h.digest('hex');
  }
}

/** CRC-32 (zlib/PNG polynomial, as Python's binascii.crc32): unsigned 32-bit. */
export class Crc32 {
  private v = 0;
  update(chunk: Uint8Array): this {
    this.v = zlibCrc32(chunk, this.v);
    return this;
  }
  value(): number {
    return this.v >>> 0;
  }
}

export function crc32(data: Uint8Array, previous = 0): number {
  return zlibCrc32(data, previous) >>> 0;
}

export function blobSha1Hex(bytes: Uint8Array): string {
  return new BlobSha1(bytes.length).update(bytes).hex();
}

export function sha256Hex(bytes: Uint8Array): string {
  return new Sha256().update(bytes).hex();
}

/** `git hash-object /dev/null`: the id every empty file has. */
export const EMPTY_BLOB_SHA1 = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
