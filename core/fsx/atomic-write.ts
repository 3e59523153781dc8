/**
 * Write-then-rename: the only way state files are written. littlefs makes `close` and `rename`
 * atomic, so a reader sees the old file or the new one, never a torn one; a cut leaves at most a
 * stray `X.tmp`, which boot-time recovery removes.
 */
import type { Flash } from '../ports/flash.ts';

export function tmpPathOf(path: string): string {
  return `${path}.tmp`;
}

/** `beforeRename` runs once the temporary is complete, just before it lands (the old file still in place). */
export async function writeFileAtomic(flash: Flash, path: string, bytes: Uint8Array, beforeRename?: () => Promise<void>): Promise<void> {
  const tmp = tmpPathOf(path);
  const writer = await flash.openWrite(tmp);
  try {
    try {
      // An empty file is written by open + close alone: a zero-length write is an operation we skip.
      if (bytes.length > 0) await writer.write(bytes);
    } finally {
      // Closed even after a failed write, as the device's write_atomic does (same op sequence for
      // `sim diff`, and no handle left open on a board whose rollback goes on after ENOSPC).
      await writer.close();
    }
  } catch (err) {
    // A refused write (a full flash) leaves no stray temporary: removing needs no new block.
    await flash.remove(tmp).catch(() => {});
    throw err;
  }
  if (beforeRename !== undefined) await beforeRename();
  await flash.rename(tmp, path);
}

const utf8 = new TextEncoder();

export async function writeTextAtomic(flash: Flash, path: string, text: string): Promise<void> {
  await writeFileAtomic(flash, path, utf8.encode(text));
}
