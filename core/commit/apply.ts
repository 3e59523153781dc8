/**
 * Roll forward (docs/DESIGN.md "The commit protocol", step 3): apply every operation of a journal
 * in phase `apply`, then version.json, then phase `trial`. Each step is decided by what exists,
 * so running it again after a cut at any point finishes the same transaction. The same code runs
 * in the first pass and in boot-time recovery.
 */
import { isFlashError, FlashError } from '../ports/flash.ts';
import { writeJournal, type Journal, type JournalOp, type RollbackReason } from '../journal/index.ts';
import { VERSION_PATH, writeVersion } from '../state/index.ts';
import { backupPath, copyFile, exists, holdsBlob, moveFile, stagePath, type CorePorts } from './steps.ts';

export type ForwardResult = { ok: true; journal: Journal } | { ok: false; reason: RollbackReason };

/**
 * Returns `ok: false` (nothing thrown) when an operation cannot be finished because its file is
 * gone from every place it could be: the caller then rolls back. Flash errors propagate.
 */
export async function rollForward(ports: CorePorts, j: Journal, phase: 'commit' | 'recovery'): Promise<ForwardResult> {
  ports.log.log('info', 'commit.apply', { target: j.target.commit, ops: j.ops.length, phase });
  for (const dir of j.mkdirs) {
    if (!(await exists(ports, dir))) await ports.flash.mkdir(dir);
    ports.watchdog.feed();
  }
  for (const op of j.ops) {
    const missing = await applyOp(ports, j, op);
    if (missing !== null) {
      return { ok: false, reason: { code: 'RECOVERY', phase, message: `Failed to finish the update to ${j.target.commit}: ${missing}; rolled back` } };
    }
  }
  await syncQuietly(ports);
  // Only now, with every file in place, does version.json name the target.
  // The previous version.json is moved into the backup dir (a rename: no new block) just before the
  // new one lands, so a rollback on a full flash can rename it back (SPEC §5.4).
  const kept = backupPath(j, VERSION_PATH);
  await writeVersion(ports.flash, { ref: j.target.ref, commit: j.target.commit, files: j.target_files, rejected: j.rejected }, async () => {
    if ((await exists(ports, VERSION_PATH)) && !(await exists(ports, kept))) await moveFile(ports, VERSION_PATH, kept);
  });
  const trial: Journal = { ...j, phase: 'trial', boots: 0 };
  await writeJournal(ports.flash, trial);
  ports.log.log('info', 'commit.applied', { target: j.target.commit });
  return { ok: true, journal: trial };
}

/** Null when done (or already done), else why the op cannot be finished. */
async function applyOp(ports: CorePorts, j: Journal, op: JournalOp): Promise<string | null> {
  const live = op.path;
  const backup = backupPath(j, live);
  if (op.op === 'delete') {
    if ((await exists(ports, live)) && !(await exists(ports, backup))) await moveFile(ports, live, backup);
    return null;
  }
  const staged = stagePath(j, live);
  if (await exists(ports, staged)) {
    if (op.op === 'replace' && (await exists(ports, live)) && !(await exists(ports, backup))) {
      // A file recovery runs from is copied aside, so `live` exists at every instant.
      if (op.backup === 'copy') await copyFile(ports, live, backup);
      else await moveFile(ports, live, backup);
    }
    await moveFile(ports, staged, live);
    return null;
  }
  // The staged copy is gone: this op finished earlier, unless the stage was lost before it ran.
  if (await holdsBlob(ports, live, op.sha)) return null;
  return `${live} is neither staged nor installed`;
}

/** The predecessor's rule, kept: a failing sync is logged, never fatal (renames are the commit points). */
async function syncQuietly(ports: CorePorts): Promise<void> {
  try {
    await ports.flash.sync();
  } catch (err) {
    if (!isFlashError(err)) throw err;
    ports.log.log('warn', 'commit.sync_failed', { code: (err as FlashError).code });
  }
}
