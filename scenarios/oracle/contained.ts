/**
 * contained — an update touches only the files it manages: everything else a user can see
 * (config, user data, files the rules exclude) keeps its initial bytes, nothing appears outside
 * the managed set, and no path escapes the root. The updater's own state files are exempt.
 */
import { isUpdaterState } from '../state/managed.ts';
import { bytesEqual, listPaths } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

/** A path that is not a plain root-relative one: absolute, or with '.', '..' or empty segments. */
export function escapesRoot(path: string): boolean {
  if (path.startsWith('/') || path.includes('\\')) return true;
  return path.split('/').some((seg) => seg === '' || seg === '.' || seg === '..');
}

export function checkContained(f: Facts): Verdict[] {
  const out: Verdict[] = [];
  const final = f.run.files;
  const escaping = [...final.keys()].filter(escapesRoot).sort();
  if (escaping.length > 0) out.push({ invariant: 'contained', message: `paths outside the device root: ${listPaths(escaping)}` });
  const paths = new Set([...f.initial.keys(), ...final.keys()]);
  const changed: string[] = [];
  for (const path of paths) {
    if (f.managedPaths.has(path) || isUpdaterState(path, f.rules) || escapesRoot(path)) continue;
    if (!bytesEqual(final.get(path), f.initial.get(path))) changed.push(path);
  }
  if (changed.length > 0) {
    changed.sort();
    const describe = (p: string) => (final.has(p) ? (f.initial.has(p) ? `${p} (modified)` : `${p} (created)`) : `${p} (deleted)`);
    out.push({ invariant: 'contained', message: `files outside the managed set changed: ${listPaths(changed.map(describe))}` });
  }
  return out;
}
