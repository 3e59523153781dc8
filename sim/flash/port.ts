/**
 * asFlashPort: the async `Flash` port over a VirtualFlash, for core. Every sync throw (FlashError,
 * PowerLoss) becomes a rejection, so core sees exactly what the MicroPython target sees.
 */
import type { Flash, FlashReader, FlashWriter } from '../../core/ports/flash.ts';
import type { VirtualFlash } from './virtual-flash.ts';

export function asFlashPort(vf: VirtualFlash): Flash {
  return {
    stat: async (path) => vf.stat(path),
    readFile: async (path) => vf.readFile(path),
    openRead: async (path): Promise<FlashReader> => {
      const handle = vf.openRead(path);
      return {
        read: async (maxBytes) => handle.read(maxBytes),
        close: async () => handle.close(),
      };
    },
    openWrite: async (path): Promise<FlashWriter> => {
      const handle = vf.openWrite(path);
      return {
        write: async (chunk) => handle.write(chunk),
        close: async () => handle.close(),
      };
    },
    rename: async (from, to) => vf.rename(from, to),
    remove: async (path) => vf.remove(path),
    mkdir: async (path) => vf.mkdir(path),
    rmdir: async (path) => vf.rmdir(path),
    list: async (path) => vf.list(path),
    sync: async () => vf.sync(),
    freeBytes: async () => vf.freeBytes(),
  };
}
