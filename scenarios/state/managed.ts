/**
 * Which files belong to the update (managed) and which files a user can see. Both follow the
 * device's rules exactly as core applies them (core/paths), so expectations match behaviour.
 */
import { isPermitted, isReserved, RESUME_DIR, type UpdaterDirs } from '../../core/paths/index.ts';
import { commitFiles } from '../../sim/github/files.ts';
import type { RepoSpec } from '../../sim/github/spec.ts';
import type { DeviceRules } from './device-repo.ts';

/** Permitted by allow/ignore and not reserved (config, state files, stage and backup dirs). */
export function isManaged(path: string, rules: DeviceRules): boolean {
  return isPermitted(path, rules.allow, rules.ignore) && !isReserved(path, rules);
}

/** The files of commit `label` that an update installs on this device. */
export function managedFiles(repo: RepoSpec, label: string, rules: DeviceRules): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [path, bytes] of commitFiles(repo, label)) if (isManaged(path, rules)) out.set(path, bytes);
  return out;
}

const WRITTEN_BY_RENAME = ['version.json', 'ota_error.json', 'ota_journal.json', 'ota_state.json'];

/** The updater's own files at the root (ota_defer.json: the app's veto, which the check removes). */
export const UPDATER_STATE_FILES: readonly string[] = [...WRITTEN_BY_RENAME, 'ota_defer.json'];

/**
 * The write-then-rename temporaries of the state files (SPEC §0): the only `*.tmp` names the
 * updater writes. Any other `*.tmp` (a user's `data/log.tmp`) is the user's, judged like any file.
 */
export const UPDATER_TEMPORARIES: readonly string[] = WRITTEN_BY_RENAME.map((name) => `${name}.tmp`);

const inside = (path: string, dir: string) => dir !== '' && (path === dir || path.startsWith(dir + '/'));

/** Inside the stage or backup dir (the dir's own empty-directory marker `dir/` included). */
export function inUpdaterDirs(path: string, dirs: UpdaterDirs): boolean {
  return inside(path, dirs.stage_dir) || inside(path, dirs.backup_dir);
}

/** A resumable download's partial (SPEC §13): kept on purpose after a failed attempt. */
export function inResumeDir(path: string): boolean {
  return inside(path, RESUME_DIR);
}

/**
 * True for the updater's own state: version.json, ota_error.json, ota_journal.json,
 * ota_state.json, their `.tmp` temporaries, and everything in the stage and backup dirs.
 * Everything else on the board (app files, config, user data, a user's `*.tmp`) is user-visible
 * and judged by the oracle.
 */
export function isUpdaterState(path: string, dirs: UpdaterDirs): boolean {
  return UPDATER_STATE_FILES.includes(path) || UPDATER_TEMPORARIES.includes(path) || inUpdaterDirs(path, dirs) || inResumeDir(path);
}

/** The user-visible subset of a board's files. */
export function userVisible(files: ReadonlyMap<string, Uint8Array>, dirs: UpdaterDirs): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) if (!isUpdaterState(path, dirs)) out.set(path, bytes);
  return out;
}
