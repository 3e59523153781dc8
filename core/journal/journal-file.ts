/**
 * Reading, writing and deleting ota_journal.json. Each write replaces the whole file atomically
 * (tmp, close, rename), so a cut leaves the previous phase intact; the delete is one `remove`.
 */
import { readJson, removeIfExists, tmpPathOf, writeTextAtomic } from '../fsx/index.ts';
import type { Flash } from '../ports/flash.ts';
import { pyJsonDumps, sortedMap } from '../state/index.ts';
import { parseJournal } from './parse.ts';
import { JOURNAL_PATH, type Journal } from './types.ts';

export type JournalRead = { kind: 'none' } | { kind: 'ok'; journal: Journal } | { kind: 'invalid'; reason: string };

export async function readJournal(flash: Flash): Promise<JournalRead> {
  return readJournalAt(flash, JOURNAL_PATH);
}

/** Also used on a leftover `ota_journal.json.tmp`, to learn the dirs of a commit that never began. */
export async function readJournalAt(flash: Flash, path: string): Promise<JournalRead> {
  const read = await readJson(flash, path);
  if (read.kind === 'missing') return { kind: 'none' };
  if (read.kind === 'invalid') return { kind: 'invalid', reason: read.reason };
  const parsed = parseJournal(read.value);
  return parsed.ok ? { kind: 'ok', journal: parsed.journal } : { kind: 'invalid', reason: parsed.reason };
}

export function serializeJournal(j: Journal): string {
  return pyJsonDumps({
    format: j.format,
    phase: j.phase,
    target: { ref: j.target.ref, commit: j.target.commit },
    previous: j.previous === null ? null : { ref: j.previous.ref, commit: j.previous.commit },
    previous_files: j.previous_files === null ? null : sortedMap(j.previous_files),
    target_files: sortedMap(j.target_files),
    rejected: j.rejected,
    stage_dir: j.stage_dir,
    backup_dir: j.backup_dir,
    mkdirs: j.mkdirs,
    ops: j.ops.map((o) =>
      o.op === 'delete'
        ? { op: o.op, path: o.path, old_sha: o.old_sha }
        : o.op === 'add'
          ? { op: o.op, path: o.path, sha: o.sha, size: o.size }
          : { op: o.op, path: o.path, sha: o.sha, size: o.size, old_sha: o.old_sha, ...(o.backup === 'copy' ? { backup: 'copy' } : {}) },
    ),
    boots: j.boots,
    power_losses: j.power_losses,
    max_boots: j.max_boots,
    error_limit: j.error_limit,
    created: j.created,
    rollback: j.rollback === undefined ? undefined : { code: j.rollback.code, phase: j.rollback.phase, message: j.rollback.message },
  });
}

export async function writeJournal(flash: Flash, j: Journal): Promise<void> {
  await writeTextAtomic(flash, JOURNAL_PATH, serializeJournal(j));
}

/** The end of every transaction. The stray tmp of an interrupted rewrite goes first. */
export async function deleteJournal(flash: Flash): Promise<void> {
  await removeIfExists(flash, tmpPathOf(JOURNAL_PATH));
  await removeIfExists(flash, JOURNAL_PATH);
}
