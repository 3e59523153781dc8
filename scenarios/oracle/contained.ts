/**
 * contained — an update touches only the files it manages: everything else a user can see
 * (config, user data, a user's `*.tmp`, files the rules exclude) keeps its initial bytes, nothing
 * appears outside the managed set — an empty directory neither — and no path escapes the root.
 * The updater's own state is exempt, but not a user's file a stage or backup dir covers (a config
 * pointing those at user data must not let the updater wipe it unseen).
 */
import { dirsOf, isDirMarker, markerDir } from '../state/empty-dirs.ts';
import { isUpdaterState } from '../state/managed.ts';
import { userFileInUpdaterDirs } from './facts.ts';
import { bytesEqual, listPaths } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

/** A path that is not a plain root-relative one: absolute, or with '.', '..' or empty segments. */
export function escapesRoot(path: string): boolean {
  const p = isDirMarker(path) ? markerDir(path) : path;
  if (p.startsWith('/') || p.includes('\\')) return true;
  return p.split('/').some((seg) => seg === '' || seg === '.' || seg === '..');
}

/** Directories that may be left empty: those the board had, and those the managed files need. */
const mayBeEmpty = new WeakMap<Facts['managedPaths'], Set<string>>();

function emptyAllowed(f: Facts, dir: string): boolean {
  let dirs = mayBeEmpty.get(f.managedPaths);
  if (!dirs) mayBeEmpty.set(f.managedPaths, (dirs = dirsOf([...f.initial.keys(), ...f.managedPaths])));
  return dirs.has(dir);
}

export function checkContained(f: Facts): Verdict[] {
  const out: Verdict[] = [];
  const final = f.run.files;
  const escaping = [...final.keys()].filter(escapesRoot).sort();
  if (escaping.length > 0) out.push({ invariant: 'contained', message: `paths outside the device root: ${listPaths(escaping)}` });
  const paths = new Set([...f.initial.keys(), ...final.keys()]);
  const changed: string[] = [];
  for (const path of paths) {
    if (f.managedPaths.has(path) || escapesRoot(path)) continue;
    if (isUpdaterState(path, f.rules) && !userFileInUpdaterDirs(f, path)) continue;
    if (isDirMarker(path) && emptyAllowed(f, markerDir(path))) continue;
    if (!bytesEqual(final.get(path), f.initial.get(path))) changed.push(path);
  }
  if (changed.length > 0) {
    changed.sort();
    const describe = (p: string) =>
      isDirMarker(p) ? `${p} (empty directory created)` : final.has(p) ? (f.initial.has(p) ? `${p} (modified)` : `${p} (created)`) : `${p} (deleted)`;
    out.push({ invariant: 'contained', message: `files outside the managed set changed: ${listPaths(changed.map(describe))}`, paths: changed });
  }
  return out;
}
