/** What is managed (allow / ignore) and where the updater works on flash (stage / backup dirs). */
import { checkRepoPath } from '../paths/check-repo-path.ts';
import { checkUpdaterDir } from '../paths/updater-dir.ts';
import { stripSlashes } from '../paths/posix.ts';
import { CONFIG_DEFAULTS as D } from './defaults.ts';
import { readInt } from './read-number.ts';
import { readString } from './read-basic.ts';
import { type ConfigReader, got } from './reader.ts';
import type { Config } from './types.ts';

/** A rule list, normalised like the predecessor (drop empties, strip "/" at both ends). */
function readRules(r: ConfigReader, key: 'allow' | 'ignore'): string[] {
  const raw = r.get(key);
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    const fix = typeof raw === 'string' ? `write [${JSON.stringify(raw)}]` : 'write e.g. ["lib", "main.py"] or remove it';
    r.fail(key, `"${key}" must be a list of paths (${got(raw)}); ${fix}`);
    return [];
  }
  const out: string[] = [];
  raw.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string') {
      r.fail(key, `"${key}" entry ${index + 1} must be a path string (${got(entry)})`);
      return;
    }
    const rule = stripSlashes(entry);
    if (rule === '') return;
    const reason = checkRepoPath(rule);
    if (reason !== null) {
      r.fail(key, `"${key}" entry ${JSON.stringify(entry)} ${reason}; entries are paths from the repository root, e.g. "lib" or "main.py"`);
      return;
    }
    if (rule.includes('*')) r.warn(globWarning(key, rule));
    out.push(rule);
  });
  return out;
}

function globWarning(key: string, rule: string): string {
  const base = `"${key}" entry "${rule}" contains "*", but globs are not supported: entries match a path exactly or as a directory prefix, so it matches only a name that is literally "${rule}"`;
  return key === 'allow' && rule === '*' ? `${base}; to allow everything, leave "allow" empty` : base;
}

/**
 * A directory on flash, root-relative: a leading "/" means the device root. It must be one the
 * updater owns (core/paths/updater-dir.ts): everything inside it is deleted.
 */
function readDir(r: ConfigReader, key: 'stage_dir' | 'backup_dir'): string {
  const raw = readString(r, key, D[key], { what: 'a directory path', example: D[key] });
  const dir = stripSlashes(raw);
  const invalid = dir === '' ? null : checkRepoPath(dir);
  if (invalid !== null) {
    r.fail(key, `"${key}" ${invalid} (${got(raw)}); set it to e.g. "${D[key]}" or remove it`);
    return D[key];
  }
  const notOwned = checkUpdaterDir(dir);
  if (notOwned !== null) {
    r.fail(key, `"${key}" ${notOwned} (${got(raw)}); the updater deletes everything inside it, so it must never hold your files: set it to e.g. "${D[key]}" or remove it`);
    return D[key];
  }
  return dir;
}

function checkDirsApart(r: ConfigReader, stage: string, backup: string): void {
  if (!r.ok('stage_dir', 'backup_dir')) return;
  // Compared without case: on FAT ".OTA" and ".ota" are one directory.
  const s = stage.toLowerCase();
  const b = backup.toLowerCase();
  if (s === b) {
    r.fail('backup_dir', `"stage_dir" and "backup_dir" must be different directories (both are "${backup}"); remove one of them to use its default`);
  } else if (b.startsWith(s + '/') || s.startsWith(b + '/')) {
    r.fail('backup_dir', `"stage_dir" ("${stage}") and "backup_dir" ("${backup}") must not be inside one another; use two sibling directories such as ".ota_stage" and ".ota_backup"`);
  }
}

type LayoutKeys = 'allow' | 'ignore' | 'stage_dir' | 'backup_dir' | 'chunk';

export function readLayout(r: ConfigReader): Pick<Config, LayoutKeys> {
  const layout = {
    allow: readRules(r, 'allow'),
    ignore: readRules(r, 'ignore'),
    stage_dir: readDir(r, 'stage_dir'),
    backup_dir: readDir(r, 'backup_dir'),
    chunk: readInt(r, 'chunk', D.chunk, { unit: 'bytes', min: 64, max: 65536, intString: true, example: 1024 }),
  };
  checkDirsApart(r, layout.stage_dir, layout.backup_dir);
  return layout;
}
