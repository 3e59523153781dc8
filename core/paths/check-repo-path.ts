/**
 * The one gate every path from the network (tree entries, manifest files and deletes) passes
 * before it becomes a flash path. A path that passes is already canonical: root-relative, no
 * '.' or '..' segments, nothing for a filesystem to reinterpret (backslashes, drive letters,
 * control characters), and within littlefs's name limit.
 */

/** littlefs LFS_NAME_MAX (bytes of one name) on the Pico W port. */
export const MAX_SEGMENT_BYTES = 255;
/** A bound on the whole path; far above any real app layout, small enough for a device buffer. */
export const MAX_PATH_BYTES = 1024;

const CONTROL = /[\u0000-\u001f\u007f]/;
const DRIVE = /^[A-Za-z]:/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const utf8 = new TextEncoder();

/** null when `path` is acceptable, else why not (a phrase to put after the path in a message). */
export function checkRepoPath(path: string): string | null {
  if (path === '') return 'is empty';
  if (CONTROL.test(path)) return 'contains a control character';
  if (LONE_SURROGATE.test(path)) return 'is not valid Unicode';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is absolute (starts with "/")';
  if (DRIVE.test(path)) return 'starts with a drive prefix';
  if (path.endsWith('/')) return 'ends with "/"';
  if (utf8.encode(path).length > MAX_PATH_BYTES) return `is longer than ${MAX_PATH_BYTES} bytes`;
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment ("//")';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
    if (utf8.encode(segment).length > MAX_SEGMENT_BYTES) return `has a name longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return null;
}
