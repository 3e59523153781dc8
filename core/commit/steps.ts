/**
 * The small steps every phase is built from. Each feeds the watchdog (a long apply or rollback on
 * a Pico must not trip its 8.4 s watchdog) and logs what it moved.
 */
import { mkdirs } from '../fsx/index.ts';
import { hashFlashFile } from '../hash/index.ts';
import type { Journal } from '../journal/index.ts';
import { joinPath, parentOf } from '../paths/index.ts';
import type { Ports } from '../ports/index.ts';

/** The ports the commit protocol needs; a full `Ports` fits. */
export type CorePorts = Pick<Ports, 'flash' | 'clock' | 'watchdog' | 'log'>;

/** Read size when hashing a live file (a Pico has little RAM). */
export const HASH_CHUNK_BYTES = 1024;

export function stagePath(j: Pick<Journal, 'stage_dir'>, path: string): string {
  return joinPath(j.stage_dir, path);
}

export function backupPath(j: Pick<Journal, 'backup_dir'>, path: string): string {
  return joinPath(j.backup_dir, path);
}

/** Renames `from` → `to`, creating the parents of `to` first (backup dirs mirror live paths). */
export async function moveFile(ports: CorePorts, from: string, to: string): Promise<void> {
  const feed = () => ports.watchdog.feed();
  const parent = parentOf(to);
  if (parent !== '') await mkdirs(ports.flash, parent, feed);
  await ports.flash.rename(from, to);
  feed();
  ports.log.log('debug', 'commit.move', { from, to });
}

/** True when `path` is a file whose Git blob SHA-1 is `sha`. */
export async function holdsBlob(ports: CorePorts, path: string, sha: string): Promise<boolean> {
  ports.watchdog.feed();
  const digests = await hashFlashFile(ports.flash, path, HASH_CHUNK_BYTES);
  ports.watchdog.feed();
  return digests !== null && digests.blobSha1 === sha;
}

export async function exists(ports: CorePorts, path: string): Promise<boolean> {
  return (await ports.flash.stat(path)) !== null;
}
