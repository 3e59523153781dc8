/**
 * The stage and backup directories are the updater's own: it deletes whatever is inside them
 * (before staging, after confirmation, after a rollback, at boot without a journal). So a config
 * may only point them at directories no user file can live in: a top-level name with the reserved
 * prefix `.ota` (`.ota_stage`, `.ota_backup`, `.ota/stage`). Found by a hostile test:
 * `"stage_dir": "data"` wiped the user's data at the next update, and "/" or "lib" would wipe
 * more. The prefix also keeps them apart from every managed path: isReserved() already stops an
 * update from writing into them.
 */
import { splitPath } from './posix.ts';

export const UPDATER_DIR_PREFIX = '.ota';

/** null when `dir` (root-relative, already a valid path) is a dedicated updater directory, else why not. */
export function checkUpdaterDir(dir: string): string | null {
  if (dir === '') return 'is the device root';
  const top = splitPath(dir)[0] ?? '';
  // Compared without case: on FAT ".OTA_STAGE" is ".ota_stage".
  if (!top.toLowerCase().startsWith(UPDATER_DIR_PREFIX)) return `is not a dedicated updater directory (its top-level name must start with "${UPDATER_DIR_PREFIX}")`;
  return null;
}
