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

/**
 * Files that recovery itself runs from on a board (boot.py starts it; otalab_recover.py is it).
 * Moving one aside for a moment would leave a board that cut power then with no recovery at all
 * (found by sweeping updater-replaces-itself on the micropython target), so they are replaced by
 * copy-then-rename instead: see JournalOp `backup: 'copy'`.
 */
export const RECOVERY_PATHS: ReadonlySet<string> = new Set(['boot.py', 'otalab_recover.py', 'lib/otalab_recover.py']);

/**
 * Copies `from` to `to` through `to.part` (written in HASH_CHUNK_BYTES pieces, closed, renamed),
 * creating the parents of `to` first: a cut leaves `to` absent or complete, never partial.
 */
export async function copyFile(ports: CorePorts, from: string, to: string): Promise<void> {
  const feed = () => ports.watchdog.feed();
  const parent = parentOf(to);
  if (parent !== '') await mkdirs(ports.flash, parent, feed);
  const part = `${to}.part`;
  const reader = await ports.flash.openRead(from);
  const writer = await ports.flash.openWrite(part);
  try {
    for (let chunk = await reader.read(HASH_CHUNK_BYTES); chunk !== null; chunk = await reader.read(HASH_CHUNK_BYTES)) {
      await writer.write(chunk);
      feed();
    }
  } finally {
    await reader.close();
  }
  await writer.close();
  await ports.flash.rename(part, to);
  feed();
  ports.log.log('debug', 'commit.copy', { from, to });
}

/** True when `path` is a file whose Git blob SHA-1 is `sha`. */
export async function holdsBlob(ports: CorePorts, path: string, sha: string): Promise<boolean> {
  ports.watchdog.feed();
  const digests = await hashFlashFile(ports.flash, path, HASH_CHUNK_BYTES, () => ports.watchdog.feed());
  ports.watchdog.feed();
  return digests !== null && digests.blobSha1 === sha;
}

export async function exists(ports: CorePorts, path: string): Promise<boolean> {
  return (await ports.flash.stat(path)) !== null;
}
