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

/** Bytes of `s` in UTF-8, without encoding it (every op measures names). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 2; // a surrogate pair: 2 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
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
