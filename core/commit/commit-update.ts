/**
 * The first pass of an update, once every file is staged and verified: check the plan still holds,
 * write the journal (the commit point: from here recovery rolls forward), apply, write version.json,
 * and leave the journal in `trial`. Nothing reaches a live path before the journal exists.
 *
 * A flash error after the commit point is rolled back at once, in process (retrying forward would
 * hit the same fault); a power cut is not caught here: the journal tells the next boot what to do.
 */
import { OtaError, isOtaError } from '../errors.ts';
import { removeIfExists, rmtree, tmpPathOf } from '../fsx/index.ts';
import { hashFlashFile } from '../hash/index.ts';
import { readJournal, writeJournal, JOURNAL_FORMAT, JOURNAL_PATH, type Journal, type JournalOp, type RollbackReason } from '../journal/index.ts';
import type { VersionRef } from '../outcome.ts';
import { checkRepoPath, parentOf } from '../paths/index.ts';
import { isFlashError } from '../ports/flash.ts';
import type { PlanOp, UpdatePlan } from '../plan.ts';
import { writeVersion, type VersionJson } from '../state/index.ts';
import { rollForward } from './apply.ts';
import { rollBack } from './rollback.ts';
import { HASH_CHUNK_BYTES, RECOVERY_PATHS, stagePath, type CorePorts } from './steps.ts';

export interface CommitOptions {
  target: VersionRef;
  /** version.json as read before planning (null: none or unreadable). */
  installed: VersionJson | null;
  stageDir: string;
  backupDir: string;
  /** Config `trial_boots`: boots the new version may fail before it is rolled back. */
  trialBoots: number;
  /** Config `error_history_limit`. */
  errorLimit: number;
}

export type CommitResult =
  /** Files changed: the journal is in `trial` (boots 0); reset, then confirm from the new app. */
  | { kind: 'committed'; journal: Journal; added: number; replaced: number; deleted: number }
  /** No file differs: only version.json was (re)written — or nothing at all when identical. */
  | { kind: 'version-only'; written: boolean };

export async function commitUpdate(ports: CorePorts, plan: UpdatePlan, opts: CommitOptions): Promise<CommitResult> {
  const { flash } = ports;
  if ((await readJournal(flash)).kind !== 'none') {
    throw new OtaError('INTERNAL', 'Failed to commit: a transaction is already in progress (recovery must run first)');
  }
  checkDirs(opts.stageDir, opts.backupDir);
  const rejected = (opts.installed?.rejected ?? []).filter((c) => c !== opts.target.commit);
  if (plan.ops.length === 0) {
    const written = await writeVersion(flash, { ...opts.target, files: plan.kept, rejected });
    return { kind: 'version-only', written };
  }

  const ops: JournalOp[] = [];
  for (const op of plan.ops) ops.push(backupMode(await checkOp(ports, op, opts.stageDir)));
  const targetFiles: Record<string, string> = { ...plan.kept };
  for (const op of ops) if (op.op !== 'delete') targetFiles[op.path] = op.sha;

  // Without a journal nothing in the backup dir is needed; a stale backup/p would fool step 3's rules.
  await rmtree(flash, opts.backupDir, () => ports.watchdog.feed());
  const journal: Journal = {
    format: JOURNAL_FORMAT,
    phase: 'apply',
    target: { ref: opts.target.ref, commit: opts.target.commit },
    previous: opts.installed === null ? null : { ref: opts.installed.ref, commit: opts.installed.commit },
    previous_files: opts.installed?.files ?? null,
    target_files: Object.fromEntries(Object.entries(targetFiles)),
    rejected,
    stage_dir: opts.stageDir,
    backup_dir: opts.backupDir,
    mkdirs: await missingDirs(ports, ops),
    ops,
    boots: 0,
    max_boots: opts.trialBoots,
    error_limit: opts.errorLimit,
    created: ports.clock.now(),
  };
  await writeJournalOrRefuse(ports, journal);
  ports.log.log('info', 'commit.journaled', { target: journal.target.commit, ops: ops.length, mkdirs: journal.mkdirs.length });

  let failure: RollbackReason;
  try {
    const forward = await rollForward(ports, journal, 'commit');
    if (forward.ok) {
      const count = (kind: JournalOp['op']) => ops.filter((o) => o.op === kind).length;
      return { kind: 'committed', journal: forward.journal, added: count('add'), replaced: count('replace'), deleted: count('delete') };
    }
    failure = forward.reason;
  } catch (err) {
    if (!isFlashError(err)) throw err;
    failure = { code: 'FLASH', phase: 'commit', message: `Failed to apply the update to ${journal.target.commit}: ${err.message}; rolled back` };
  }
  try {
    await rollBack(ports, journal, failure);
  } catch (err) {
    if (isOtaError(err)) throw err;
    if (!isFlashError(err)) throw err;
    throw new OtaError('RECOVERY', `Failed to roll back the update to ${journal.target.commit}: ${err.message}; recovery retries at next boot`);
  }
  throw new OtaError(failure.code, failure.message, { recorded: true });
}

/**
 * A journal the flash refuses (a full flash, found by a hostile test) means the commit point was
 * never reached: nothing live was touched. Its temporary is removed so the next boot cannot adopt
 * it; if even that fails the journal may still land, so the stage (which it needs) is kept.
 */
async function writeJournalOrRefuse(ports: CorePorts, journal: Journal): Promise<void> {
  try {
    await writeJournal(ports.flash, journal);
  } catch (err) {
    if (!isFlashError(err)) throw err;
    const message = `Failed to commit the update to ${journal.target.commit}: writing ${JOURNAL_PATH} failed (${err.code}); nothing was changed`;
    // A flash error here propagates: the caller then keeps the stage for the temporary.
    await removeIfExists(ports.flash, tmpPathOf(JOURNAL_PATH));
    throw new OtaError(err.code === 'ENOSPC' ? 'NO_SPACE' : 'FLASH', message);
  }
}

function checkDirs(stage: string, backup: string): void {
  for (const dir of [stage, backup]) {
    const bad = checkRepoPath(dir);
    if (bad !== null) throw new OtaError('CONFIG_INVALID', `Failed to commit: directory ${JSON.stringify(dir)} ${bad}`);
  }
  if (stage === backup || stage.startsWith(backup + '/') || backup.startsWith(stage + '/')) {
    throw new OtaError('CONFIG_INVALID', 'Failed to commit: stage_dir and backup_dir overlap');
  }
}

/** The plan must still match the board, and every add/replace be staged; gives the op its blob SHA-1. */
async function checkOp(ports: CorePorts, op: PlanOp, stageDir: string): Promise<JournalOp> {
  const live = await ports.flash.stat(op.path);
  const stale = (what: string) => new OtaError('INTERNAL', `Failed to commit: the plan is stale, ${op.path} ${what}`);
  if (op.op === 'delete') {
    if (live?.kind !== 'file') throw stale('is no longer a file');
    return op;
  }
  if (op.op === 'add' && live !== null) throw stale('now exists');
  if (op.op === 'replace' && live?.kind !== 'file') throw stale('is no longer a file');
  const staged = stagePath({ stage_dir: stageDir }, op.path);
  const st = await ports.flash.stat(staged);
  if (st?.kind !== 'file') throw new OtaError('INTERNAL', `Failed to commit: ${op.path} is not staged`);
  if (st.size !== op.size) throw new OtaError('SIZE_MISMATCH', `Failed to commit: staged ${op.path} has ${st.size} bytes, expected ${op.size}`);
  if (op.sha.length === 40) return op;
  // Manifest mode names SHA-256; version.json and the journal keep Git blob SHA-1s.
  ports.watchdog.feed();
  const d = await hashFlashFile(ports.flash, staged, HASH_CHUNK_BYTES, () => ports.watchdog.feed());
  ports.watchdog.feed();
  if (d === null || d.sha256 !== op.sha) throw new OtaError('HASH_MISMATCH', `Failed to commit: staged ${op.path} does not match its SHA-256`);
  return { ...op, sha: d.blobSha1 };
}

/** A replace of a file recovery runs from keeps the live path in place (copy, then rename over). */
function backupMode(op: JournalOp): JournalOp {
  return op.op === 'replace' && RECOVERY_PATHS.has(op.path) ? { ...op, backup: 'copy' } : op;
}

/** Live directories the adds need, parents first (each ancestor is listed before its children). */
async function missingDirs(ports: CorePorts, ops: JournalOp[]): Promise<string[]> {
  const missing = new Set<string>();
  for (const op of ops) {
    if (op.op === 'delete') continue;
    const chain: string[] = [];
    for (let dir = parentOf(op.path); dir !== ''; dir = parentOf(dir)) chain.unshift(dir);
    for (const dir of chain) if (!missing.has(dir) && (await ports.flash.stat(dir)) === null) missing.add(dir);
  }
  return [...missing];
}

