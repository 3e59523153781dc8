/**
 * Board states the updater could never have produced. Each finding says what disagrees with what,
 * so a user can tell a field bug from a hand edit or a damaged dump. Deliberately not findings:
 * stage or backup files without a journal (a cut while downloading, or a cleanup on a full flash
 * that deletes the journal first, leaves exactly that; recovery treats them as strays).
 */
import { createHash } from 'node:crypto';
import type { JournalOp } from '../../core/journal/index.ts';
import { gitBlobSha1 } from '../../sim/github/files.ts';
import type { BoardRecords } from './board-records.ts';
import type { DumpTree } from './dump-tree.ts';

/** A commit SHA → its files (path → blob SHA-1), or null when the repository lacks it. */
export type CommitFiles = (sha: string) => ReadonlyMap<string, string> | null;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Whether `bytes` is the content a journal hash names (blob SHA-1 in tree mode, SHA-256 with a manifest). */
function matches(bytes: Uint8Array | undefined, hash: string): boolean {
  if (bytes === undefined) return false;
  return hash.length === 64 ? sha256(bytes) === hash : gitBlobSha1(bytes) === hash;
}

export function findInconsistencies(tree: DumpTree, records: BoardRecords, commitFiles: CommitFiles): string[] {
  const out: string[] = [];
  const { version, journal } = records;
  if (version !== null && version.version === null && version.legacyVersion === undefined) {
    out.push(`version.json: ${version.reason ?? 'unreadable'} (the updater only writes complete version records)`);
  }
  const v = version?.version ?? null;
  if (v !== null) {
    const known = commitFiles(v.commit);
    if (known === null) out.push(`version.json names commit ${v.commit} (ref ${v.ref}), which the repository does not have`);
    else if (v.files) {
      for (const [path, blob] of Object.entries(v.files)) {
        if (known.get(path) !== blob) out.push(`version.json's files map says ${path} is blob ${blob}, but commit ${v.commit.slice(0, 12)} has ${known.get(path) ?? 'no such file'}`);
      }
    }
  }
  if (journal.kind === 'invalid') out.push(`ota_journal.json: ${journal.reason} (the updater writes its journal atomically and only in its own format)`);
  if (journal.kind === 'ok') {
    const j = journal.journal;
    for (const side of [j.target, j.previous]) {
      if (side !== null && commitFiles(side.commit) === null) out.push(`ota_journal.json names commit ${side.commit} (ref ${side.ref}), which the repository does not have`);
    }
    for (const op of j.ops) {
      // Gone is a finished step, not a loss: an added file a rollback removed, a deleted file whose backup cleanup removed.
      if ((op.op === 'add' && j.phase === 'rollback') || (op.op === 'delete' && j.phase === 'cleanup')) continue;
      const problem = opProblem(op, tree.files, j.stage_dir, j.backup_dir);
      if (problem !== null) out.push(`ota_journal.json (phase ${j.phase}): ${problem}`);
    }
  } else if (v?.files) {
    // No transaction in flight: every file version.json claims must be on the board as claimed.
    for (const [path, blob] of Object.entries(v.files)) {
      const bytes = tree.files.get(path);
      if (bytes === undefined) out.push(`version.json lists ${path}, which is not on the board (no journal explains it)`);
      else if (gitBlobSha1(bytes) !== blob) out.push(`version.json says ${path} is blob ${blob}, the board's file is blob ${gitBlobSha1(bytes)} (no journal explains it: a hand edit, or a write the updater never made)`);
    }
  }
  return out;
}

/**
 * Somewhere on the board — its own path, the stage copy or the backup — is each side of the
 * operation the journal says is in flight; all gone means no recovery can finish or undo it.
 */
function opProblem(op: JournalOp, files: ReadonlyMap<string, Uint8Array>, stage: string, backup: string): string | null {
  const at = [op.path, `${stage}/${op.path}`, `${backup}/${op.path}`];
  const hashes = op.op === 'add' ? [op.sha] : op.op === 'replace' ? [op.sha, op.old_sha] : [op.old_sha];
  if (at.some((p) => hashes.some((h) => matches(files.get(p), h)))) return null;
  const seen = at.filter((p) => files.has(p));
  const where = seen.length === 0 ? 'none of them exists' : `${seen.join(', ')} ${seen.length === 1 ? 'has' : 'have'} other content`;
  return `${op.op} ${op.path} expects ${hashes.join(' or ')} at ${at.join(', ')}, but ${where}`;
}
