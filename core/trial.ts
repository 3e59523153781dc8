/**
 * Trial boots (docs/DESIGN.md steps 5–7). A new version runs on trial until the app confirms it;
 * every boot on trial is counted in the journal *before* the app starts, so a version that
 * crashes or hangs (watchdog) every time is rolled back after `max_boots` boots.
 */
import { cleanUp, rollBack, type CorePorts } from './commit/index.ts';
import { OtaError } from './errors.ts';
import { readJournal, writeJournal, type Journal } from './journal/index.ts';
import { isFlashError } from './ports/flash.ts';
import type { ResetCause } from './ports/system.ts';
import { recordError } from './state/index.ts';

export type TrialBoot =
  | { onTrial: false; rolledBack: false }
  | { onTrial: true; rolledBack: false; boots: number; maxBoots: number }
  | { onTrial: false; rolledBack: true; boots: number };

/**
 * A version is rolled back once `max_boots` trial boots ended without confirmation for a reason
 * other than a power loss (a crash, a hang the watchdog caught, a reset), or once it has had
 * POWER_LOSS_FACTOR × `max_boots` trial boots of any kind — a version that browns the board out
 * every time must not stay on trial forever, but three ordinary power cuts must not reject a
 * healthy version either (found by fuzzing: three cuts in the trial window did exactly that).
 */
export const POWER_LOSS_FACTOR = 3;

/** Call once per boot, after `recover` reported `onTrial`, before the app is imported. */
export async function beginBootOnTrial(ports: CorePorts, resetCause: ResetCause = 'hard'): Promise<TrialBoot> {
  const read = await readJournal(ports.flash);
  if (read.kind !== 'ok' || read.journal.phase !== 'trial') return { onTrial: false, rolledBack: false };
  const j = read.journal;
  const boots = j.boots + 1;
  // This boot's cause says how the previous trial boot ended; the first one follows the updater's own reset.
  const powerLosses = (j.power_losses ?? 0) + (j.boots > 0 && resetCause === 'power-on' ? 1 : 0);
  const failed = j.boots - powerLosses;
  if (failed >= j.max_boots || boots > POWER_LOSS_FACTOR * Math.max(1, j.max_boots)) {
    const why = failed >= j.max_boots ? `${failed} trial boot(s) ended without confirmation` : `${boots - 1} trial boots (${powerLosses} lost power) ended without confirmation`;
    const message = `Version ${j.target.commit} was not confirmed: ${why}; rolled back to ${j.previous?.commit ?? 'the previous files'}`;
    ports.log.log('warn', 'trial.failed', { target: j.target.commit, boots, failed, power_losses: powerLosses, max_boots: j.max_boots });
    await rollBack(ports, { ...j, boots, power_losses: powerLosses }, { code: 'TRIAL_FAILED', phase: 'trial', message });
    return { onTrial: false, rolledBack: true, boots };
  }
  const next: Journal = { ...j, boots, power_losses: powerLosses };
  try {
    await writeJournal(ports.flash, next);
  } catch (err) {
    // A full flash cannot take the count (found by fuzzing flash-full). An uncounted boot that
    // runs the app would be the same boot forever if the app hangs or crashes: a version that
    // cannot be counted is rolled back (renames and removals, rollback.ts). Not TRIAL_FAILED: the
    // version is not rejected, so once there is room again it may be installed and tried anew.
    if (!isFlashError(err)) throw err;
    const message = `Version ${j.target.commit} was not confirmed: trial boot ${boots} could not be counted (flash error ${err.code}); rolled back to ${j.previous?.commit ?? 'the previous files'}`;
    ports.log.log('error', 'trial.count-failed', { target: j.target.commit, boots, flash: err.code });
    await rollBack(ports, j, { code: 'FLASH', phase: 'trial', message });
    return { onTrial: false, rolledBack: true, boots };
  }
  ports.log.log('info', 'trial.boot', { target: j.target.commit, boots, max_boots: j.max_boots });
  return { onTrial: true, rolledBack: false, boots, maxBoots: j.max_boots };
}

/**
 * The app (or its health check) accepts the running version: backups and stage are deleted, the
 * journal last. Returns false when nothing was on trial (a second confirm is harmless).
 */
export async function confirm(ports: CorePorts): Promise<boolean> {
  const read = await readJournal(ports.flash);
  if (read.kind === 'none') return false;
  if (read.kind === 'invalid') throw new OtaError('RECOVERY', `Failed to confirm: the journal is unreadable (${read.reason})`);
  const j = read.journal;
  if (j.phase !== 'trial' && j.phase !== 'cleanup') {
    throw new OtaError('INTERNAL', `Failed to confirm: the journal is in phase ${j.phase}, not trial`);
  }
  try {
    await cleanUp(ports, j);
  } catch (err) {
    // A full flash must not crash the app that confirms: recorded (when it still takes a record);
    // the journal stays, so the next boot counts a trial boot and the app confirms again.
    if (!isFlashError(err)) throw err;
    const message = `Failed to confirm ${j.target.commit}: flash error ${err.code}; retried at next boot`;
    await recordError(ports, { phase: 'trial', code: 'FLASH', message }, { limit: j.error_limit, dedupe: true });
    ports.log.log('error', 'trial.confirm-failed', { message });
    return false;
  }
  return true;
}
