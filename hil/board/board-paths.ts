/** Board file paths as the host names them: relative, `/`-separated, e.g. `lib/x.py`. */

export function checkBoardPath(path: string): string {
  if (path.length === 0 || path.startsWith('/') || path.endsWith('/') || path.includes('\\')) throw new Error(`bad board path ${JSON.stringify(path)}: relative, '/'-separated, no leading or trailing slash`);
  for (const part of path.split('/')) {
    if (part === '' || part === '.' || part === '..') throw new Error(`bad board path ${JSON.stringify(path)}: empty, '.' or '..' segment`);
  }
  return path;
}

/** `a/b/c.py` → [`a`, `a/b`]. */
export function parentDirs(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** A Python string literal for any path (JSON strings are valid Python literals for BMP text). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}
