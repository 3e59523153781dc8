/**
 * Flash on a real directory (Node on a Linux device, and tests). Durability comes from the host
 * filesystem; on ext4 a rename is atomic, as on littlefs.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { FlashError, type Flash, type FlashEntry, type FlashErrorCode, type FlashReader, type FlashStat, type FlashWriter } from '../ports/flash.ts';

const CODES: ReadonlySet<string> = new Set(['ENOENT', 'EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EINVAL', 'ENAMETOOLONG']);

function mapError(err: unknown, op: string, path: string): FlashError {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  return new FlashError((CODES.has(code) ? code : 'EIO') as FlashErrorCode, op, path);
}

// Same rule as the simulator (sim/flash/paths.ts): a path that could leave the root never reaches fs.
const MALFORMED = /^\/|\/$|\/\/|(^|\/)\.\.?(\/|$)|\0/;

export function nodeFlash(root: string): Flash {
  const abs = (p: string) => {
    if (typeof p !== 'string' || MALFORMED.test(p)) throw new FlashError('EINVAL', 'resolve', p);
    return join(root, p);
  };
  const guard = async <T>(op: string, path: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof FlashError ? new FlashError(err.code, op, path) : mapError(err, op, path);
    }
  };
  return {
    async stat(path): Promise<FlashStat | null> {
      const full = abs(path);
      try {
        const s = await fs.stat(full);
        return { kind: s.isDirectory() ? 'dir' : 'file', size: s.isDirectory() ? 0 : s.size };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw mapError(err, 'stat', path);
      }
    },
    readFile: (path) => guard('read', path, async () => new Uint8Array(await fs.readFile(abs(path)))),
    openRead: (path) =>
      guard('open', path, async (): Promise<FlashReader> => {
        const fh = await fs.open(abs(path), 'r');
        // Linux opens a directory for reading; littlefs (and the simulator) refuse.
        if ((await fh.stat()).isDirectory()) {
          await fh.close();
          throw new FlashError('EISDIR', 'open', path);
        }
        return {
          async read(maxBytes) {
            const buf = new Uint8Array(maxBytes);
            const { bytesRead } = await fh.read(buf, 0, maxBytes, null);
            return bytesRead === 0 ? null : buf.subarray(0, bytesRead);
          },
          close: () => fh.close(),
        };
      }),
    openWrite: (path) =>
      guard('open', path, async (): Promise<FlashWriter> => {
        const fh = await fs.open(abs(path), 'w');
        return {
          write: (chunk) => guard('write', path, async () => void (await fh.write(chunk))),
          close: () => guard('close', path, async () => {
            await fh.sync();
            await fh.close();
          }),
        };
      }),
    rename: (from, to) => guard('rename', from, () => fs.rename(abs(from), abs(to))),
    remove: (path) => guard('remove', path, () => fs.unlink(abs(path))),
    mkdir: (path) => guard('mkdir', path, () => fs.mkdir(abs(path))),
    rmdir: (path) => guard('rmdir', path, () => fs.rmdir(abs(path))),
    list: (path) =>
      guard('list', path, async (): Promise<FlashEntry[]> => {
        const names = (await fs.readdir(abs(path))).sort();
        const out: FlashEntry[] = [];
        for (const name of names) {
          const s = await fs.stat(join(abs(path), name));
          out.push({ name, kind: s.isDirectory() ? 'dir' : 'file', size: s.isDirectory() ? 0 : s.size });
        }
        return out;
      }),
    async sync() {},
    async freeBytes() {
      try {
        const s = await fs.statfs(root);
        return s.bavail * s.bsize;
      } catch {
        return null;
      }
    },
  };
}
