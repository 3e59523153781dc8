/**
 * The flash half of the JS bridge: the Python VFS (shims/vfs_flash.py) calls these, and each call
 * is one VirtualFlash call, so every mutation is a flash op with the same cuts, costs, ENOSPC and
 * op log as on the `ts` target. Reads are not ops (as on the VirtualFlash).
 *
 * Fault model: the VirtualFlash's. A cut or a watchdog bite throws PowerLoss out of the
 * interpreter mid-statement; a FlashError comes back as `-errno` for `OSError(errno)`.
 * Bytes move through wasm memory (`addr`, `n`), never as per-byte proxies.
 */
import type { FlashReadHandle, FlashWriteHandle, VirtualFlash } from '../flash/index.ts';
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

export function flashBridge(flash: VirtualFlash, bytes: (addr: number, n: number) => Uint8Array): Record<string, unknown> {
  const state: FlashBridgeState = { cwd: '' };
  const readers = new Map<number, FlashReadHandle>();
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
    fs_stat: (path: string) =>
      guarded(() => {
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
    fs_open_read: (path: string) =>
      guarded(() => {
        const id = nextId++;
        readers.set(id, flash.openRead(p(path)));
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
