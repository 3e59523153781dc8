/**
 * FlashNames: which names a filesystem accepts and how it matches them (profile.ts states the
 * rules). littlefs: case-sensitive, a created name may have at most 255 bytes of UTF-8
 * (LFS_NAME_MAX; longer: ENAMETOOLONG, and lookups of such a name simply find nothing). fat
 * (FatFs with LFN): every name on a path is checked on every call — at most 255 UTF-16 units, no
 * `"*:<>?|\` or control characters, else EINVAL (FR_INVALID_NAME) — trailing dots and spaces are
 * dropped, and a name matches an existing entry whatever its case (case-preserving).
 */
import type { FlashErrorCode } from '../../core/ports/flash.ts';
import { joinPath, utf8Length } from './paths.ts';
import type { FlashStore } from './store.ts';

export const LFS_NAME_MAX = 255;
export const FAT_LFN_MAX = 255;

// FatFs refuses these in a long name; '\\' is its second separator, which the lab does not model.
const FAT_ILLEGAL = /["*:<>?|\\\u0000-\u001f\u007f]/;

/** The name FatFs stores for `name` (trailing dots and spaces dropped), or null when it refuses it. */
export function fatName(name: string): string | null {
  const stored = name.replace(/[. ]+$/, '');
  if (stored === '' || stored.length > FAT_LFN_MAX || FAT_ILLEGAL.test(stored)) return null;
  return stored;
}

/** FatFs compares long names up-cased, one UTF-16 unit at a time. */
export function fatKey(name: string): string {
  let out = '';
  for (const ch of name) {
    const up = ch.toUpperCase();
    out += up.length === ch.length ? up : ch;
  }
  return out;
}

export class FlashNames {
  constructor(
    private readonly fs: 'littlefs' | 'fat',
    private readonly store: FlashStore,
  ) {}

  /**
   * The stored spelling of `path` (valid per paths.ts): on fat the existing entries it names
   * whatever their case, and the names after them as FatFs would store them; on littlefs `path`.
   * Null when the filesystem refuses a name on the path (EINVAL).
   */
  resolve(path: string): string | null {
    if (this.fs === 'littlefs' || path === '') return path;
    if (this.store.kind(path) !== undefined) return path; // an exact spelling is the only match on fat
    let dir = '';
    let exists = true;
    for (const seg of path.split('/')) {
      const name = fatName(seg);
      if (name === null) return null;
      let next = joinPath(dir, name);
      if (exists && this.store.kind(next) === undefined) {
        exists = false;
        if (this.store.kind(dir) === 'dir') {
          const key = fatKey(name);
          const match = this.store.childNames(dir).find((n) => fatKey(n) === key);
          if (match !== undefined) {
            next = joinPath(dir, match);
            exists = true;
          }
        }
      }
      dir = next;
    }
    return dir;
  }

  /** The error creating an entry called `name` fails with, if any (fat names were checked by resolve). */
  createError(name: string): FlashErrorCode | null {
    if (this.fs === 'littlefs' && utf8Length(name) > LFS_NAME_MAX) return 'ENAMETOOLONG';
    return null;
  }

  /** `path` as it would be stored when created under the (resolved) directory `dir`. */
  spelled(dir: string, name: string): string {
    return joinPath(dir, this.fs === 'fat' ? (fatName(name) ?? name) : name);
  }

  /**
   * Why a tree cannot be loaded onto this filesystem (a name it would refuse, or two paths it
   * would take for one), or null.
   */
  loadProblem(paths: readonly string[]): string | null {
    const seen = new Map<string, string>();
    for (const path of paths) {
      for (const seg of path.split('/')) {
        if (this.fs === 'littlefs' && utf8Length(seg) > LFS_NAME_MAX) return `name ${JSON.stringify(seg)} exceeds littlefs's ${LFS_NAME_MAX} bytes`;
        if (this.fs === 'fat' && fatName(seg) !== seg) return `${JSON.stringify(seg)} is not a name FAT stores as given`;
      }
      if (this.fs === 'fat') {
        const key = fatKey(path);
        const other = seen.get(key);
        if (other !== undefined && other !== path) return `${JSON.stringify(other)} and ${JSON.stringify(path)} are one file on FAT (names ignore case)`;
        seen.set(key, path);
      }
    }
    return null;
  }
}
