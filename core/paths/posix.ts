/**
 * Root-relative POSIX path helpers. Device paths never start with '/', '' is the root, and the
 * separator is always '/'. Deliberately free of node:path so device/ (MicroPython, which has no
 * os.path) can mirror these functions line for line.
 */

/** Segments of a root-relative path; the root ('') has none. */
export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('/');
}

/** Joins parts with '/', dropping empty parts and the slashes at their ends. No '..' handling. */
export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts) {
    const trimmed = stripSlashes(part);
    if (trimmed !== '') out.push(trimmed);
  }
  return out.join('/');
}

/** 'a/b/c' → 'a/b', 'a' → '' (the root). The root itself has no parent. */
export function parentOf(path: string): string {
  if (path === '') throw new Error('Failed to take the parent of a path: the root has none');
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}

/** Removes every leading and trailing '/'. */
export function stripSlashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '/') start++;
  while (end > start && text[end - 1] === '/') end--;
  return text.slice(start, end);
}
