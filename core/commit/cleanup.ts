/**
 * Confirmation's second half (docs/DESIGN.md step 6): with the journal in `cleanup`, backups and
 * stage are deleted and the journal last. Writing `cleanup` first matters: a cut while backups
 * are half deleted must never look like a trial that could still roll back onto missing files.
 *
 * On a full flash that refuses the `cleanup` phase, the journal is deleted first instead (a
 * removal: no new block). That is safe too: without a journal the stage and backups a cut leaves
 * are strays, which recovery removes (default dirs) or the next update clears (custom ones).
 */
import { rmtree } from '../fsx/index.ts';
import { deleteJournal, writeJournal, type Journal } from '../journal/index.ts';
import { isFlashError } from '../ports/flash.ts';
import type { CorePorts } from './steps.ts';

export async function cleanUp(ports: CorePorts, j: Journal): Promise<void> {
  if (j.phase !== 'cleanup') {
    try {
      await writeJournal(ports.flash, { ...j, phase: 'cleanup' });
    } catch (err) {
      if (!isFlashError(err)) throw err;
      await deleteJournal(ports.flash);
      ports.log.log('warn', 'cleanup.unjournaled', { target: j.target.commit, flash: err.code });
    }
  }
  const feed = () => ports.watchdog.feed();
  await rmtree(ports.flash, j.backup_dir, feed);
  await rmtree(ports.flash, j.stage_dir, feed);
  await deleteJournal(ports.flash);
  ports.log.log('info', 'commit.confirmed', { target: j.target.commit });
}
