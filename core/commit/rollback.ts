/**
 * Rollback (docs/DESIGN.md step 7): restore every backup in reverse op order, remove added files,
 * remove the directories the update created, version.json ← previous, record why, then delete
 * stage, backups and the journal. The phase is written first, so a cut anywhere resumes here.
 *
 * A backup that cannot be restored is never deleted (the predecessor's H4): the journal stays in
 * `rollback` and the next boot tries again.
 *
 * On a full flash the `rollback` phase may not be writable (found by
 * scenarios/library/flash-full-during-commit.yaml and by fuzzing). A rollback from phase `apply`
 * or `trial` then goes on anyway when version.json can be restored without a write: it already
 * names the previous version, or the previous file waits in the backup dir (rollForward moved it
 * there), or there was none. The undo steps are renames and removals, which littlefs does without
 * a new block, and every one is idempotent. A cut leaves phase `apply`, and recovery rolls forward
 * only when every add/replace target is still staged or installed, else it rolls back again; or it
 * leaves phase `trial`, and recovery finishes the rollback once any undo step shows (undo-begun.ts).
 */
import { OtaError } from '../errors.ts';
import { removeIfExists, rmdirIfEmpty, rmtree, tmpPathOf } from '../fsx/index.ts';
import { deleteJournal, writeJournal, type Journal, type JournalOp, type RollbackReason } from '../journal/index.ts';
import { isFlashError } from '../ports/flash.ts';
import { VERSION_PATH, readVersion, recordError, withRejected, writeVersion } from '../state/index.ts';
import { backupPath, exists, moveFile, type CorePorts } from './steps.ts';

export async function rollBack(ports: CorePorts, j: Journal, reason?: RollbackReason): Promise<void> {
  const why = j.rollback ?? reason ?? { code: 'RECOVERY', phase: 'recovery', message: `Failed to finish the update to ${j.target.commit}; rolled back` };
  if (j.phase !== 'rollback') {
    const from = j.phase;
    j = { ...j, phase: 'rollback', rollback: why };
    try {
      await writeJournal(ports.flash, j);
    } catch (err) {
      if (!isFlashError(err) || (from !== 'apply' && from !== 'trial') || !(await versionRestorableUnwritten(ports, j))) throw err;
      ports.log.log('warn', 'rollback.unjournaled', { target: j.target.commit, flash: err.code });
    }
  }
  ports.log.log('warn', 'rollback.start', { target: j.target.commit, code: why.code });

  const failures: string[] = [];
  for (const op of [...j.ops].reverse()) {
    try {
      await undoOp(ports, j, op);
    } catch (err) {
      if (!isFlashError(err)) throw err;
      failures.push(`${op.path} (${op.op}): ${err.code}`);
    }
  }
  if (failures.length > 0) {
    const message = `Failed to roll back ${failures.join(', ')}; backups kept, retried at next boot`;
    await recordError(ports, { phase: 'recovery', code: 'RECOVERY', message, target: j.target.commit }, { limit: j.error_limit, dedupe: true });
    throw new OtaError('RECOVERY', message, { recorded: true, failures });
  }
  for (const dir of [...j.mkdirs].reverse()) {
    // A directory the user filled meanwhile is theirs now: it stays.
    await rmdirIfEmpty(ports.flash, dir);
    ports.watchdog.feed();
  }
  await restoreVersion(ports, j, why);
  await recordError(ports, { phase: why.phase, code: why.code, message: why.message, target: j.target.commit }, { limit: j.error_limit, dedupe: true });
  const feed = () => ports.watchdog.feed();
  await rmtree(ports.flash, j.stage_dir, feed);
  await rmtree(ports.flash, j.backup_dir, feed);
  await deleteJournal(ports.flash);
  ports.log.log('warn', 'rollback.done', { target: j.target.commit, restored: j.previous?.commit ?? null });
}

async function undoOp(ports: CorePorts, j: Journal, op: JournalOp): Promise<void> {
  if (op.op === 'add') {
    // Pre-commit checks guarantee the path did not exist before: whatever is there is ours.
    if (await removeIfExists(ports.flash, op.path)) ports.watchdog.feed();
    return;
  }
  const backup = backupPath(j, op.path);
  if (await exists(ports, backup)) await moveFile(ports, backup, op.path);
}

async function restoreVersion(ports: CorePorts, j: Journal, why: RollbackReason): Promise<void> {
  // Only a failed trial condemns the commit; a lost stage or a flash error says nothing about it.
  const rejected = why.code === 'TRIAL_FAILED' ? withRejected(j.rejected, j.target.commit) : [...j.rejected];
  if (j.previous !== null || rejected.length > 0) {
    // With no previous version an empty ref/commit keeps the rejection so the commit is not retried.
    const v = j.previous === null ? { ref: '', commit: '', rejected } : { ...j.previous, ...(j.previous_files === null ? {} : { files: j.previous_files }), rejected };
    try {
      await writeVersion(ports.flash, v);
    } catch (err) {
      // A full flash may refuse the rewrite: the previous file kept in the backup dir is renamed
      // back (no new block; only a failed trial's rejection is lost), or the file already names it,
      // or, with no previous version, the target's file is removed (its rejection is lost).
      if (!isFlashError(err)) throw err;
      const kept = backupPath(j, VERSION_PATH);
      if (await exists(ports, kept)) await ports.flash.rename(kept, VERSION_PATH);
      else if (!(await namesPrevious(ports, j))) {
        if (j.previous !== null) throw err;
        await removeIfExists(ports.flash, VERSION_PATH);
      }
      ports.log.log('warn', 'rollback.version_unwritten', { flash: err.code });
    }
  } else {
    await removeIfExists(ports.flash, VERSION_PATH);
  }
  // The remains of a version.json write that failed (the reason we may be here).
  await removeIfExists(ports.flash, tmpPathOf(VERSION_PATH));
  ports.watchdog.feed();
}

/** Whether step 4 can finish on a flash that takes no new block (see the top of this file). */
async function versionRestorableUnwritten(ports: CorePorts, j: Journal): Promise<boolean> {
  if (await exists(ports, backupPath(j, VERSION_PATH))) return true;
  if (j.previous === null) return true; // step 4 can remove the file (a rejection is then lost)
  return namesPrevious(ports, j);
}

/** version.json already names the version the rollback restores (none: no file or the `""` placeholder). */
async function namesPrevious(ports: CorePorts, j: Journal): Promise<boolean> {
  const { version, reason } = await readVersion(ports.flash);
  if (j.previous === null) return reason === 'missing' || (version !== null && version.ref === '' && version.commit === '');
  return version !== null && version.ref === j.previous.ref && version.commit === j.previous.commit;
}
