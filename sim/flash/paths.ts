/**
 * Device paths as the Flash port defines them: POSIX, relative to the device root, '' is the root,
 * no leading or trailing '/', no empty, '.' or '..' segments. Anything else never reaches the flash.
 */

// One regex per call keeps the per-op cost low; it matches every malformed shape at once.
const MALFORMED = /^\/|\/$|\/\/|(^|\/)\.\.?(\/|$)|\0/;

export function isValidFlashPath(path: string): boolean {
  return typeof path === 'string' && !MALFORMED.test(path);
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a directory and a name; the root is ''. */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** Every proper ancestor directory of `path`, outermost first, root excluded. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}
