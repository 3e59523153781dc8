import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFlash } from '../adapters/node-flash.ts';
import { hashFlashFile } from './file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'otalab-hash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hashFlashFile', () => {
  it('hashes a file in small reads', async () => {
    await writeFile(join(dir, 'hello.txt'), 'hello\n');
    const d = await hashFlashFile(nodeFlash(dir), 'hello.txt', 2, () => {});
    expect(d).toEqual({
      size: 6,
      blobSha1: 'ce013625030ba8dba906f756967f9e9ca394464a',
      sha256: '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03',
    });
  });

  it('returns null for a missing file or a directory', async () => {
    await mkdir(join(dir, 'lib'));
    expect(await hashFlashFile(nodeFlash(dir), 'nope.py', 64, () => {})).toBeNull();
    expect(await hashFlashFile(nodeFlash(dir), 'lib', 64, () => {})).toBeNull();
  });

  it('feeds the watchdog after every chunk (a large file outlasts a short period)', async () => {
    await writeFile(join(dir, 'big.bin'), new Uint8Array(10 * 64));
    let feeds = 0;
    await hashFlashFile(nodeFlash(dir), 'big.bin', 64, () => feeds++);
    expect(feeds).toBe(10);
  });
});
