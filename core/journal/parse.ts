/**
 * Validates a parsed journal strictly: recovery acts on every path it names, so a journal whose
 * dirs or paths are not canonical is refused rather than followed (a dir of '' would be the root).
 */
import { checkRepoPath } from '../paths/index.ts';
import { isRecord } from '../fsx/index.ts';
import type { ErrorCode, VersionRef } from '../outcome.ts';
import { JOURNAL_FORMAT, type Journal, type JournalOp, type JournalPhase, type RollbackReason } from './types.ts';

const PHASES: readonly string[] = ['apply', 'trial', 'rollback', 'cleanup'];
const SHA = /^[0-9a-f]{40}$/;

export type JournalParse = { ok: true; journal: Journal } | { ok: false; reason: string };

class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason);
}

export function parseJournal(value: unknown): JournalParse {
  try {
    return { ok: true, journal: toJournal(value) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, reason: err.message };
    throw err;
  }
}

function toJournal(v: unknown): Journal {
  if (!isRecord(v)) fail('not an object');
  if (v.format !== JOURNAL_FORMAT) fail(`unknown format ${JSON.stringify(v.format)}`);
  if (typeof v.phase !== 'string' || !PHASES.includes(v.phase)) fail(`unknown phase ${JSON.stringify(v.phase)}`);
  const stage = dir(v.stage_dir, 'stage_dir');
  const backup = dir(v.backup_dir, 'backup_dir');
  if (stage === backup || stage.startsWith(backup + '/') || backup.startsWith(stage + '/')) fail('stage_dir and backup_dir overlap');
  const journal: Journal = {
    format: JOURNAL_FORMAT,
    phase: v.phase as JournalPhase,
    target: ref(v.target, 'target'),
    previous: v.previous === null ? null : ref(v.previous, 'previous'),
    previous_files: v.previous_files === null ? null : files(v.previous_files, 'previous_files'),
    target_files: files(v.target_files, 'target_files'),
    rejected: strings(v.rejected, 'rejected'),
    stage_dir: stage,
    backup_dir: backup,
    mkdirs: strings(v.mkdirs, 'mkdirs').map((d) => path(d, 'mkdirs')),
    ops: Array.isArray(v.ops) ? v.ops.map(op) : fail('ops is not a list'),
    boots: count(v.boots, 'boots'),
    ...(v.power_losses === undefined ? {} : { power_losses: count(v.power_losses, 'power_losses') }),
    max_boots: count(v.max_boots, 'max_boots'),
    error_limit: count(v.error_limit, 'error_limit'),
    created: typeof v.created === 'number' ? v.created : fail('created is not a number'),
  };
  if (v.rollback !== undefined) journal.rollback = reason(v.rollback);
  return journal;
}

function dir(v: unknown, name: string): string {
  return path(typeof v === 'string' ? v : fail(`${name} is not a string`), name);
}

function path(p: string, name: string): string {
  const why = checkRepoPath(p);
  if (why !== null) fail(`${name} ${JSON.stringify(p)} ${why}`);
  return p;
}

function ref(v: unknown, name: string): VersionRef {
  if (!isRecord(v) || typeof v.ref !== 'string' || typeof v.commit !== 'string') fail(`${name} is not {ref, commit}`);
  return { ref: v.ref, commit: v.commit };
}

function files(v: unknown, name: string): Record<string, string> {
  if (!isRecord(v)) fail(`${name} is not an object`);
  for (const [p, sha] of Object.entries(v)) {
    path(p, name);
    if (typeof sha !== 'string') fail(`${name}[${JSON.stringify(p)}] is not a string`);
  }
  return Object.fromEntries(Object.entries(v as Record<string, string>));
}

function strings(v: unknown, name: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(`${name} is not a list of strings`);
  return [...(v as string[])];
}

function count(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(`${name} is not a count`);
  return v;
}

function sha(v: unknown, name: string): string {
  if (typeof v !== 'string' || !SHA.test(v)) fail(`${name} is not a blob SHA`);
  return v;
}

function op(v: unknown): JournalOp {
  if (!isRecord(v) || typeof v.path !== 'string') fail('an op lacks a path');
  const p = path(v.path, 'op path');
  if (v.op === 'add') return { op: 'add', path: p, sha: sha(v.sha, 'sha'), size: count(v.size, 'size') };
  if (v.op === 'replace') {
    if (v.backup !== undefined && v.backup !== 'copy') fail(`ops: backup of ${p} must be "copy"`);
    return { op: 'replace', path: p, sha: sha(v.sha, 'sha'), size: count(v.size, 'size'), old_sha: sha(v.old_sha, 'old_sha'), ...(v.backup === 'copy' ? { backup: 'copy' as const } : {}) };
  }
  if (v.op === 'delete') return { op: 'delete', path: p, old_sha: sha(v.old_sha, 'old_sha') };
  return fail(`unknown op ${JSON.stringify(v.op)}`);
}

function reason(v: unknown): RollbackReason {
  if (!isRecord(v) || typeof v.code !== 'string' || typeof v.phase !== 'string' || typeof v.message !== 'string') fail('rollback is not {code, phase, message}');
  return { code: v.code as ErrorCode, phase: v.phase as RollbackReason['phase'], message: v.message };
}
