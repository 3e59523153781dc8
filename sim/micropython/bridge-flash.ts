/**
 * The flash half of the JS bridge: the Python VFS (shims/vfs_flash.py) calls these, and each call
 * is one VirtualFlash call, so every mutation is a flash op with the same cuts, costs, ENOSPC and
 * op log as on the `ts` target. Reads are not ops (as on the VirtualFlash).
 *
 * Fault model: the VirtualFlash's. A cut or a watchdog bite throws PowerLoss out of the
 * interpreter mid-statement; a FlashError comes back as `-errno` for `OSError(errno)`.
 * Bytes move through wasm memory (`addr`, `n`), never as per-byte proxies.
 */
import type { FlashWriteHandle, VirtualFlash } from '../flash/index.ts';
import { ERRNO, flashErrno } from './errno.ts';

/** `fs_stat` answers this for a directory (a file answers its size, a failure `-errno`). */
export const STAT_DIR = -1000;

export interface FlashBridgeState {
  cwd: string;
}

/** Resolves a path the interpreter passes (absolute from the mount at '/', or relative to cwd). */
export function flashPath(cwd: string, path: string): string {
  const parts = path.startsWith('/') ? [] : cwd === '' ? [] : cwd.split('/');
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** Compiled twins (precompiled.ts): the `.mpy` for the `.py` at a flash path holding these bytes. */
export type TwinLookup = (path: string, bytes: Uint8Array) => Uint8Array | undefined;

interface Reader {
  read(maxBytes: number): Uint8Array | null;
  close(): void;
}

/** Reads a compiled twin (held in JS, not on the flash: reading it is no flash read). */
function twinReader(mpy: Uint8Array): Reader {
  let pos = 0;
  return {
    read: (n) => (pos >= mpy.length ? null : mpy.subarray(pos, (pos = Math.min(mpy.length, pos + n)))),
    close: () => {},
  };
}

/**
 * `twins`: when given, an import (`importing` true) through an absolute path finds the compiled
 * twin of a `.py` as `X.mpy` and the `.py` itself as absent, so the interpreter loads bytecode
 * instead of compiling. Relative paths — the updater's own file access — see the flash as it is.
 */
export function flashBridge(flash: VirtualFlash, bytes: (addr: number, n: number) => Uint8Array, twins?: TwinLookup): Record<string, unknown> {
  const state: FlashBridgeState = { cwd: '' };
  const readers = new Map<number, Reader>();
  const writers = new Map<number, FlashWriteHandle>();
  let nextId = 1;
  const p = (path: string) => flashPath(state.cwd, path);
  const guarded = (fn: () => number): number => {
    try {
      return fn();
    } catch (err) {
      return flashErrno(err);
    }
  };

  /** The twin served at import path `path` (ending .mpy or .py), if any: the flash has the .py and no .mpy. */
  const twinAt = (path: string, importing: unknown): Uint8Array | undefined => {
    if (!twins || !(Number(importing) > 0) || !path.startsWith('/')) return undefined;
    const dot = path.endsWith('.py') ? path.length - 3 : path.endsWith('.mpy') ? path.length - 4 : -1;
    if (dot < 0) return undefined;
    const base = p(path.slice(0, dot));
    if (flash.stat(`${base}.mpy`) !== null || flash.stat(`${base}.py`)?.kind !== 'file') return undefined;
    return twins(`${base}.py`, flash.readFile(`${base}.py`));
  };

  return {
    fs_chdir: (path: string) =>
      guarded(() => {
        const target = p(path);
        const st = flash.stat(target);
        if (st === null) return -ERRNO.ENOENT;
        if (st.kind !== 'dir') return -ERRNO.ENOTDIR;
        state.cwd = target;
        return 0;
      }),
    fs_getcwd: () => `/${state.cwd}`,
    fs_stat: (path: string, importing?: number) =>
      guarded(() => {
        const twin = twinAt(path, importing);
        if (twin !== undefined) return path.endsWith('.py') ? -ERRNO.ENOENT : twin.length;
        const st = flash.stat(p(path));
        if (st === null) return -ERRNO.ENOENT;
        return st.kind === 'dir' ? STAT_DIR : st.size;
      }),
    /** `kind \t size \t name` lines ('d' or 'f'), or `-errno`. */
    fs_list: (path: string): string | number => {
      try {
        return flash
          .list(p(path))
          .map((e) => `${e.kind === 'dir' ? 'd' : 'f'}\t${e.size}\t${e.name}`)
          .join('\n');
      } catch (err) {
        return flashErrno(err);
      }
    },
    fs_open_read: (path: string, importing?: number) =>
      guarded(() => {
        const id = nextId++;
        const twin = path.endsWith('.mpy') ? twinAt(path, importing) : undefined;
        // Loading code (an import, boot.py, main.py) costs no read time: the interpreter's compile
        // time is not modelled either, and precompiled and source runs must stay alike. The
        // updater's own reads (hashing, copying) cost what streamed reads cost (sim/flash/profile.ts).
        const loading = Number(importing) > 0;
        readers.set(id, twin !== undefined ? twinReader(twin) : loading ? twinReader(flash.readFile(p(path))) : flash.openRead(p(path)));
        return id;
      }),
    fs_read: (id: number, addr: number, n: number) =>
      guarded(() => {
        const r = readers.get(id);
        if (r === undefined) return -ERRNO.EBADF;
        if (n <= 0) return 0;
        const chunk = r.read(n);
        if (chunk === null) return 0;
        bytes(addr, chunk.length).set(chunk);
        return chunk.length;
      }),
    fs_open_write: (path: string) =>
      guarded(() => {
        const id = nextId++;
        writers.set(id, flash.openWrite(p(path)));
        return id;
      }),
    fs_write: (id: number, addr: number, n: number) =>
      guarded(() => {
        const w = writers.get(id);
        if (w === undefined) return -ERRNO.EBADF;
        if (n > 0) w.write(bytes(addr, n));
        return n;
      }),
    fs_close: (id: number) =>
      guarded(() => {
        const r = readers.get(id);
        if (r !== undefined) {
          readers.delete(id);
          r.close();
          return 0;
        }
        const w = writers.get(id);
        if (w === undefined) return -ERRNO.EBADF;
        writers.delete(id);
        w.close();
        return 0;
      }),
    fs_rename: (from: string, to: string) => guarded(() => (flash.rename(p(from), p(to)), 0)),
    fs_remove: (path: string) => guarded(() => (flash.remove(p(path)), 0)),
    fs_mkdir: (path: string) => guarded(() => (flash.mkdir(p(path)), 0)),
    fs_rmdir: (path: string) => guarded(() => (flash.rmdir(p(path)), 0)),
    fs_free: () => flash.freeBytes(),
    fs_capacity: () => flash.capacityBytes,
    fs_sync: () => (flash.sync(), 0),
  };
}
