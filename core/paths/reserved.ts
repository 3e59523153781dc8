/**
 * Names the updater owns (docs/DESIGN.md, "On-flash layout"): no update may write, replace or
 * delete them. Tree mode skips them; a manifest naming them is rejected.
 */
import { stripSlashes } from './posix.ts';

const STATE_FILES = [
  'version.json',
  'ota_error.json',
  'ota_journal.json',
  'ota_state.json',
  'ota_defer.json', // the app's veto (core/update/app-veto.ts)
  'ota_config.json',
  'ota_config.yaml',
  'ota_config.yml',
  'ota_config.toml',
] as const;

/** The root-level state and config files, and the write-then-rename temporary of each. */
export const RESERVED_FILES: readonly string[] = [...STATE_FILES, ...STATE_FILES.map((name) => `${name}.tmp`)];

/** A resumable download's partial and its record (core/stage/resume-record.ts, SPEC §13). */
export const RESUME_DIR = '.ota_resume';

export interface UpdaterDirs {
  stage_dir: string;
  backup_dir: string;
}

// Compared case-insensitively: on a FAT volume 'Version.JSON' is the same file as 'version.json'.
const RESERVED_LOWER = new Set(RESERVED_FILES.map((name) => name.toLowerCase()));

/**
 * True for a reserved root file, for the stage or backup dir and anything inside them, and for a
 * directory above them (a file there would collide with the directory the updater needs).
 */
export function isReserved(path: string, dirs: UpdaterDirs): boolean {
  const p = path.toLowerCase();
  if (RESERVED_LOWER.has(p)) return true;
  return [dirs.stage_dir, dirs.backup_dir, RESUME_DIR].some((raw) => {
    const dir = stripSlashes(raw).toLowerCase();
    if (dir === '') return false;
    return p === dir || p.startsWith(dir + '/') || dir.startsWith(p + '/');
  });
}
