/**
 * Existence checks and idempotent removal over the Flash port. Every step of the commit protocol
 * is decided by what exists, so these answer without throwing for a missing path.
 */
import { isFlashError, type Flash } from '../ports/flash.ts';

export async function exists(flash: Flash, path: string): Promise<boolean> {
  return (await flash.stat(path)) !== null;
}

export async function isFile(flash: Flash, path: string): Promise<boolean> {
  return (await flash.stat(path))?.kind === 'file';
}

export async function isDir(flash: Flash, path: string): Promise<boolean> {
  return (await flash.stat(path))?.kind === 'dir';
}

/** Removes a file if present; true when something was removed. A second call is a no-op. */
export async function removeIfExists(flash: Flash, path: string): Promise<boolean> {
  if ((await flash.stat(path)) === null) return false;
  try {
    await flash.remove(path);
    return true;
  } catch (err) {
    if (isFlashError(err, 'ENOENT')) return false;
    throw err;
  }
}
