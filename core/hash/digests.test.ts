import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { BlobSha1, Crc32, EMPTY_BLOB_SHA1, Sha256, blobSha1Hex, crc32, sha256Hex } from './digests.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** Split bytes at the given cut points (sorted, deduplicated, clamped). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

describe('git blob SHA-1', () => {
  it('matches git hash-object for known contents', () => {
    // `echo hello | git hash-object --stdin` and `git hash-object /dev/null`.
    expect(blobSha1Hex(text('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(blobSha1Hex(new Uint8Array(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    expect(EMPTY_BLOB_SHA1).toBe(blobSha1Hex(new Uint8Array(0)));
  });

  it('is SHA-1 of "blob <size>\\0" + data (test_hash)', () => {
    const data = text('print("hi")\n');
    const expected = createHash('sha1').update(Buffer.concat([Buffer.from(`blob ${data.length}\0`), data])).digest('hex');
    expect(blobSha1Hex(data)).toBe(expected);
  });

  it('rejects a nonsense size', () => {
    expect(() => new BlobSha1(-1)).toThrow(/Failed to start blob hash/);
  });
});

describe('SHA-256 and CRC-32', () => {
  it('match known vectors', () => {
    expect(sha256Hex(text('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // binascii.crc32(b"123456789") is the CRC-32 check value 0xCBF43926.
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('chunked equals one-shot for any split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const parts = split(bytes, cuts);
        const blob = new BlobSha1(bytes.length);
        const sha = new Sha256();
        const crc = new Crc32();
        for (const p of parts) {
          blob.update(p);
          sha.update(p);
          crc.update(p);
        }
        expect(blob.hex()).toBe(blobSha1Hex(bytes));
        expect(sha.hex()).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(crc.value()).toBe(crc32(bytes));
      }),
      { numRuns: 100 },
    );
  });
});
