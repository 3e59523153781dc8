/**
 * How much flash an update needs, checked before its first byte is staged. Not only the staged
 * files: every directory it may create (stage, backup and live parents), copies of the files
 * recovery runs from, and the state files written through the commit *and a rollback* (journal
 * with its temporary, version.json with its temporary, one more error record). Found by a
 * hostile test: counting files alone let the commit run out of space making directories, after
 * which the rollback could not rewrite the journal (scenarios/library/full-flash-after-commit-point.yaml).
 *
 * Deliberately a simple upper bound, the same in device/lib/otalab/stage.py (the NO_SPACE
 * message carries the number, so both updaters must compute the same one).
 */
import type { UpdatePlan } from '../plan.ts';
import { joinPath, parentOf } from '../paths/index.ts';
import type { Flash } from '../ports/flash.ts';
import { ERROR_PATH, type VersionJson } from '../state/index.ts';
import { RECOVERY_PATHS } from '../commit/steps.ts';

/** littlefs allocates whole 4 KiB blocks. */
export const BLOCK_BYTES = 4096;
/** littlefs keeps each directory in a metadata pair: two blocks. */
const DIR_BLOCKS = 2;
/** The journal's fixed keys and a rollback reason; version.json's fixed keys and rejected list. */
const JOURNAL_BASE_BYTES = 2048;
const VERSION_BASE_BYTES = 512;

const utf8 = new TextEncoder();
const blocksOf = (bytes: number) => Math.ceil(bytes / BLOCK_BYTES);
/** A file's data blocks plus one (its metadata, or the copy-on-write block of its temporary). */
const fileBlocks = (size: number) => blocksOf(size) + 1;
/** A path as JSON with ensure_ascii writes it: at most 3 bytes per UTF-8 byte, plus quotes. */
const escaped = (path: string) => 3 * utf8.encode(path).length + 2;

export interface SpaceDirs {
  stage_dir: string;
  backup_dir: string;
}

export async function updateNeedBytes(flash: Flash, plan: UpdatePlan, installed: VersionJson | null, dirs: SpaceDirs, minFree: number): Promise<number> {
  let blocks = 0;
  for (const f of plan.download) blocks += fileBlocks(f.size);

  const created = new Set<string>();
  const addParents = async (path: string) => {
    for (let d = parentOf(path); d !== '' && !created.has(d); d = parentOf(d)) {
      if ((await flash.stat(d)) !== null) break; // an existing directory's parents exist too
      created.add(d);
    }
  };
  for (const op of plan.ops) {
    if (op.op !== 'delete') await addParents(joinPath(dirs.stage_dir, op.path));
    if (op.op !== 'add') await addParents(joinPath(dirs.backup_dir, op.path));
    if (op.op !== 'delete') await addParents(op.path);
    if (op.op === 'replace' && RECOVERY_PATHS.has(op.path)) blocks += fileBlocks((await flash.stat(op.path))?.size ?? 0);
  }
  // The old version.json is kept in the backup dir through the trial (SPEC §5.1 step 5).
  if (plan.ops.length > 0) await addParents(joinPath(dirs.backup_dir, 'version.json'));
  blocks += DIR_BLOCKS * created.size;

  // The journal (ops, both file maps, mkdirs) and version.json (both maps, for a rollback), each
  // with its temporary beside it while rewritten.
  let journal = JOURNAL_BASE_BYTES;
  let version = VERSION_BASE_BYTES;
  for (const op of plan.ops) {
    journal += 2 * escaped(op.path) + 200;
    if (op.op !== 'delete') version += escaped(op.path) + 50;
  }
  for (const p of [...Object.keys(plan.kept), ...Object.keys(installed?.files ?? {})]) {
    journal += escaped(p) + 50;
    version += escaped(p) + 50;
  }
  for (const d of created) journal += escaped(d) + 4;
  blocks += 2 * blocksOf(journal) + 2 * blocksOf(version);
  const errors = await flash.stat(ERROR_PATH);
  blocks += blocksOf((errors?.kind === 'file' ? errors.size : 0) + 1024);
  return blocks * BLOCK_BYTES + minFree;
}
