/**
 * The transaction record of one update (ota_journal.json). It names everything recovery needs —
 * the stage and backup dirs, every operation with its hashes, the versions on both sides, the
 * trial budget — so recovery reads nothing else (a broken config must not stop it). See docs/SPEC.md.
 */
import type { ErrorCode, VersionRef } from '../outcome.ts';
import type { ErrorPhase } from '../state/index.ts';

export const JOURNAL_PATH = 'ota_journal.json';
export const JOURNAL_FORMAT = 1;

/**
 * apply: committed, files being moved (recovery rolls forward). trial: installed, not yet
 * confirmed (backups kept). rollback: being undone. cleanup: confirmed, backups being deleted.
 */
export type JournalPhase = 'apply' | 'trial' | 'rollback' | 'cleanup';

export type JournalOp =
  /** A file new to the board: `stage/path` → `path`. */
  | { op: 'add'; path: string; sha: string; size: number }
  /**
   * A live file replaced: `path` → `backup/path`, then `stage/path` → `path`. With `backup:
   * 'copy'` (files recovery itself runs from: boot.py, otalab_recover.py) the live file is copied
   * to the backup instead, and `stage/path` renamed over it, so the path never goes missing.
   */
  | { op: 'replace'; path: string; sha: string; size: number; old_sha: string; backup?: 'copy' }
  /** A managed file gone from the target: `path` → `backup/path`. */
  | { op: 'delete'; path: string; old_sha: string };

/** Why a transaction is being undone; recorded in ota_error.json when the rollback finishes. */
export interface RollbackReason {
  code: ErrorCode;
  phase: ErrorPhase;
  message: string;
}

export interface Journal {
  format: typeof JOURNAL_FORMAT;
  phase: JournalPhase;
  target: VersionRef;
  /** What version.json named before (null: nothing, or a legacy/unreadable file). */
  previous: VersionRef | null;
  previous_files: Readonly<Record<string, string>> | null;
  target_files: Readonly<Record<string, string>>;
  /** version.json's `rejected` list when the update began (carried into both outcomes). */
  rejected: readonly string[];
  stage_dir: string;
  backup_dir: string;
  /** Live directories this update creates, parents first (removed on rollback, deepest first, if empty). */
  mkdirs: readonly string[];
  ops: readonly JournalOp[];
  /** Trial boots so far. */
  boots: number;
  /**
   * Trial boots that ended in a power loss (the next boot's reset cause was power-on): they say
   * nothing about the new version, so they do not count against `max_boots`. Absent in older
   * journals (0).
   */
  power_losses?: number;
  /** Trial boots allowed without confirmation (config `trial_boots`). */
  max_boots: number;
  /** ota_error.json ring size (config `error_history_limit`), for records written by recovery. */
  error_limit: number;
  /** Epoch ms. */
  created: number;
  /** Present once phase is `rollback`. */
  rollback?: RollbackReason;
}
