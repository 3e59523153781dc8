/**
 * Trial boots (docs/DESIGN.md steps 5–7). A new version runs on trial until the app confirms it;
 * every boot on trial is counted in the journal *before* the app starts, so a version that
 * crashes or hangs (watchdog) every time is rolled back after `max_boots` boots.
 */
import { cleanUp, rollBack, type CorePorts } from './commit/index.ts';
import { OtaError } from './errors.ts';
import { readJournal, writeJournal, type Journal } from './journal/index.ts';

export type TrialBoot =
  | { onTrial: false; rolledBack: false }
  | { onTrial: true; rolledBack: false; boots: number; maxBoots: number }
  | { onTrial: false; rolledBack: true; boots: number };

/** Call once per boot, after `recover` reported `onTrial`, before the app is imported. */
export async function beginBootOnTrial(ports: CorePorts): Promise<TrialBoot> {
  const read = await readJournal(ports.flash);
  if (read.kind !== 'ok' || read.journal.phase !== 'trial') return { onTrial: false, rolledBack: false };
  const j = read.journal;
  const boots = j.boots + 1;
  if (boots > j.max_boots) {
    const message = `Version ${j.target.commit} was not confirmed within ${j.max_boots} boot(s); rolled back to ${j.previous?.commit ?? 'the previous files'}`;
    ports.log.log('warn', 'trial.failed', { target: j.target.commit, boots, max_boots: j.max_boots });
    await rollBack(ports, { ...j, boots }, { code: 'TRIAL_FAILED', phase: 'trial', message });
    return { onTrial: false, rolledBack: true, boots };
  }
  const next: Journal = { ...j, boots };
  await writeJournal(ports.flash, next);
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
  await cleanUp(ports, j);
  return true;
}
