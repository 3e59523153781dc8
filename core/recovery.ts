/**
 * Boot-time recovery: the first thing a boot runs, before the config is read and before any app
 * import. It trusts nothing but the journal, which names every path it needs, and finishes the
 * phase it finds: `apply` rolls forward (or back, if a file is gone from every place it could
 * be), `rollback` and `cleanup` are finished, `trial` is reported for trial.ts to count
 * (or, once a rollback that the full flash kept in phase `trial` was cut, finished). Every step
 * is idempotent, so a cut during recovery is just another boot.
 *
 * Without a journal nothing is in flight: the state files' temporaries and the default
 * stage/backup trees are removed. The config is not read here, so a custom stage or backup dir
 * (always a `.ota…` directory: core/paths/updater-dir.ts) is not: the next update attempt clears
 * the stage dir before it stages and the backup dir before it commits. A complete
 * `ota_journal.json.tmp` is not a stray: it is adopted as the journal first (a commit cut between
 * the temporary's close and its rename).
 */
import { cleanUp, rollBack, rollForward, undoBegun, type CorePorts } from './commit/index.ts';
import { isOtaError } from './errors.ts';
import { exists, readJson, removeIfExists, rmtree, tmpPathOf } from './fsx/index.ts';
import { deleteJournal, readJournal, readJournalAt, JOURNAL_PATH, type Journal, type RollbackReason } from './journal/index.ts';
import type { ErrorCode, VersionRef } from './outcome.ts';
import { RESERVED_FILES } from './paths/index.ts';
import { isFlashError } from './ports/flash.ts';
import { DEFAULT_ERROR_LIMIT, ERROR_PATH, STATE_PATH, VERSION_PATH, recordError } from './state/index.ts';

export const DEFAULT_STAGE_DIR = '.ota_stage';
export const DEFAULT_BACKUP_DIR = '.ota_backup';

export type RecoveryReport =
  /** No transaction: `removed` lists the strays deleted (temporaries, stage/backup trees). */
  | { action: 'none'; onTrial: false; removed: string[] }
  /** An interrupted apply was finished: the target is installed and on trial (boots 0). */
  | { action: 'rolled-forward'; onTrial: true; boots: number; maxBoots: number; target: VersionRef }
  /** A version on trial: call trial.ts `beginBootOnTrial` before the app. */
  | { action: 'on-trial'; onTrial: true; boots: number; maxBoots: number; target: VersionRef }
  | { action: 'rolled-back'; onTrial: false; reason: RollbackReason }
  | { action: 'cleaned-up'; onTrial: false }
  /** The journal could not be parsed (outside the littlefs fault model): recorded and dropped. */
  | { action: 'discarded-journal'; onTrial: false; reason: string; removed: string[] }
  /** A step failed with a flash error: recorded, journal kept, retried next boot. */
  | { action: 'failed'; onTrial: false; code: ErrorCode; message: string };

/** The state files' temporaries (never a user's `*.tmp`: those are not ours to delete). */
const STATE_TMPS = RESERVED_FILES.filter((name) => name.endsWith('.tmp') && !name.startsWith('ota_config.'));

export async function recover(ports: CorePorts): Promise<RecoveryReport> {
  ports.watchdog.feed();
  try {
    return await recoverOnce(ports);
  } catch (err) {
    if (!isFlashError(err) && !isOtaError(err)) throw err; // power loss, or a bug: never swallowed
    const code: ErrorCode = isOtaError(err) ? err.code : 'RECOVERY';
    const message = isOtaError(err) ? err.message : `Failed to recover: ${err.message}; retried at next boot`;
    if (!(isOtaError(err) && err.details.recorded === true)) {
      await recordError(ports, { phase: 'recovery', code, message }, { limit: DEFAULT_ERROR_LIMIT, dedupe: true });
    }
    ports.log.log('error', 'recovery.failed', { code, message });
    return { action: 'failed', onTrial: false, code, message };
  }
}

async function recoverOnce(ports: CorePorts): Promise<RecoveryReport> {
  await adoptOrphanedTemporaries(ports);
  const read = await readJournal(ports.flash);
  if (read.kind === 'none') return { action: 'none', onTrial: false, removed: await cleanStrays(ports) };
  if (read.kind === 'invalid') {
    const reason = `${JOURNAL_PATH} ${read.reason}`;
    await recordError(ports, { phase: 'recovery', code: 'RECOVERY', message: `Failed to recover: ${reason}; journal discarded` }, { limit: DEFAULT_ERROR_LIMIT, dedupe: true });
    await deleteJournal(ports.flash);
    return { action: 'discarded-journal', onTrial: false, reason, removed: await cleanStrays(ports) };
  }
  const j = read.journal;
  ports.log.log('info', 'recovery.journal', { phase: j.phase, target: j.target.commit, boots: j.boots });
  // No write is in flight at boot: a temporary is the remains of a cut rewrite.
  for (const tmp of STATE_TMPS) await removeIfExists(ports.flash, tmp);
  switch (j.phase) {
    case 'apply':
      return finishApply(ports, j);
    case 'trial':
      if (await undoBegun(ports, j)) {
        // A rollback the full flash kept in phase `trial` was cut (commit/undo-begun.ts): finish it.
        const reason: RollbackReason = { code: 'RECOVERY', phase: 'recovery', message: `Failed to finish rolling back ${j.target.commit} (cut on a full flash); rolled back` };
        await rollBack(ports, j, reason);
        return { action: 'rolled-back', onTrial: false, reason };
      }
      return { action: 'on-trial', onTrial: true, boots: j.boots, maxBoots: j.max_boots, target: j.target };
    case 'rollback':
      await rollBack(ports, j);
      return { action: 'rolled-back', onTrial: false, reason: j.rollback ?? defaultReason(j) };
    case 'cleanup':
      await cleanUp(ports, j);
      return { action: 'cleaned-up', onTrial: false };
  }
}

/**
 * A state file is rewritten as `X.tmp` → close → rename onto `X`. On littlefs a cut leaves `X`
 * (old or new) and perhaps a complete temporary, which is dropped below. On FAT a torn rename can
 * remove `X` and leave the complete temporary: that temporary *is* the latest state, so it is
 * renamed into place rather than discarded (found by `otalab suite --flash fat`: a dropped journal
 * temporary left a crashing version installed with no trial and no way back).
 */
async function adoptOrphanedTemporaries(ports: CorePorts): Promise<void> {
  for (const name of [JOURNAL_PATH, VERSION_PATH, ERROR_PATH, STATE_PATH]) {
    const tmp = tmpPathOf(name);
    if ((await exists(ports.flash, name)) || !(await exists(ports.flash, tmp))) continue;
    const complete = name === JOURNAL_PATH ? (await readJournalAt(ports.flash, tmp)).kind === 'ok' : (await readJson(ports.flash, tmp)).kind === 'ok';
    if (!complete) continue; // a torn write: dropped with the other temporaries
    await ports.flash.rename(tmp, name);
    ports.log.log('warn', 'recovery.adopted', { file: name });
  }
}

async function finishApply(ports: CorePorts, j: Journal): Promise<RecoveryReport> {
  let reason: RollbackReason;
  try {
    const forward = await rollForward(ports, j, 'recovery');
    if (forward.ok) return { action: 'rolled-forward', onTrial: true, boots: 0, maxBoots: j.max_boots, target: j.target };
    reason = forward.reason;
  } catch (err) {
    if (!isFlashError(err)) throw err;
    reason = { code: 'RECOVERY', phase: 'recovery', message: `Failed to finish the update to ${j.target.commit}: ${err.message}; rolled back` };
  }
  await rollBack(ports, j, reason);
  return { action: 'rolled-back', onTrial: false, reason };
}

function defaultReason(j: Journal): RollbackReason {
  return { code: 'RECOVERY', phase: 'recovery', message: `Failed to finish the update to ${j.target.commit}; rolled back` };
}

/**
 * Removes the default stage/backup trees, then the state temporaries. (A complete journal
 * temporary was adopted before this runs, so the one removed here is torn.)
 */
async function cleanStrays(ports: CorePorts): Promise<string[]> {
  const dirs = [DEFAULT_STAGE_DIR, DEFAULT_BACKUP_DIR];
  const removed: string[] = [];
  const feed = () => ports.watchdog.feed();
  for (const dir of dirs) {
    if ((await ports.flash.stat(dir)) === null) continue;
    await rmtree(ports.flash, dir, feed);
    removed.push(dir);
  }
  for (const tmp of [...STATE_TMPS.filter((t) => t !== tmpPathOf(JOURNAL_PATH)), tmpPathOf(JOURNAL_PATH)]) {
    if (await removeIfExists(ports.flash, tmp)) removed.push(tmp);
    feed();
  }
  if (removed.length > 0) ports.log.log('info', 'recovery.cleaned', { removed });
  return removed;
}
