/**
 * Hash a file already on flash, streaming in `chunkBytes` reads, so that the installed version of
 * a managed file can be compared with a tree entry without holding it in memory.
 */
import { FlashError, type Flash } from '../ports/flash.ts';
import { BlobSha1, Sha256 } from './digests.ts';

export interface FileDigests {
  size: number;
  blobSha1: string;
  sha256: string;
}

/**
 * Returns null when the path is missing or is a directory. `feed` runs after every chunk: hashing
 * a large file can outlast a short watchdog period (feeding only around each file did).
 */
export async function hashFlashFile(flash: Flash, path: string, chunkBytes: number, feed: () => void): Promise<FileDigests | null> {
  const st = await flash.stat(path);
  if (st === null || st.kind !== 'file') return null;
  const blob = new BlobSha1(st.size);
  const sha = new Sha256();
  let size = 0;
  const reader = await flash.openRead(path);
  try {
    for (let chunk = await reader.read(chunkBytes); chunk !== null; chunk = await reader.read(chunkBytes)) {
      blob.update(chunk);
      sha.update(chunk);
      size += chunk.length;
      feed();
    }
  } finally {
    await reader.close();
  }
  // The blob header was built from stat's size: a file that changed while read has no honest id.
  if (size !== st.size) throw new FlashError('EIO', 'hash', path);
  return { size, blobSha1: blob.hex(), sha256: sha.hex() };
}
