/**
 * Empty directories are board state too: a rollback that leaves the directories an update created
 * leaves a board that is neither version. The oracle's file maps carry each empty directory as a
 * marker entry — its path with a trailing `/`, zero bytes — so every comparison sees it without a
 * second map. Only leaf directories get a marker: a directory holding anything is implied by it.
 */

/** The marker key of directory `dir`. */
export const dirMarker = (dir: string): string => `${dir}/`;

export const isDirMarker = (path: string): boolean => path.endsWith('/');

/** The directory a marker names. */
export const markerDir = (marker: string): string => marker.slice(0, -1);

const EMPTY = new Uint8Array(0);

/** Every ancestor directory of `path` ('' excluded), nearest last: `a/b/c` → `a`, `a/b`. */
export function ancestorDirs(path: string): string[] {
  const parts = path.split('/').filter((s) => s !== '');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** `files` plus a marker for each of `dirs` that holds neither a file nor a directory. */
export function withEmptyDirs(files: Map<string, Uint8Array>, dirs: readonly string[]): Map<string, Uint8Array> {
  const holding = new Set<string>();
  for (const path of files.keys()) for (const d of ancestorDirs(path)) holding.add(d);
  for (const dir of dirs) for (const d of ancestorDirs(dir)) holding.add(d);
  for (const dir of dirs) if (dir !== '' && !holding.has(dir)) files.set(dirMarker(dir), EMPTY);
  return files;
}

/** The directories of a file map: ancestors of its files, and the directories its markers name. */
export function dirsOf(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const path of files) {
    const p = isDirMarker(path) ? markerDir(path) : path;
    for (const d of ancestorDirs(p)) out.add(d);
    if (isDirMarker(path)) out.add(p);
  }
  return out;
}
