/**
 * The updater's own files (the board's firmware side): what a user copies to a Pico W from
 * `device/` — `boot.py` at the root, the rest under `lib/` — mirrored onto the flash root by
 * path. Documentation (`*.md`) stays off the board. The app confirms with `otalab.confirm()`
 * (device/README.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const DEVICE_DIR = resolve(import.meta.dirname, '../../device');

/** What the healthy app model runs (device/lib/otalab/__init__.py). */
export const CONFIRM_CODE = 'import otalab\notalab.confirm()\n';

const cache = new Map<string, Map<string, Uint8Array>>();

/** Flash path → bytes of every board file under `dir` (read once per directory). */
export function firmwareFiles(dir: string = DEVICE_DIR): Map<string, Uint8Array> {
  let files = cache.get(dir);
  if (files) return files;
  try {
    statSync(join(dir, 'boot.py'));
  } catch {
    throw new Error(`Failed to load the MicroPython updater: ${dir} has no boot.py; to run an updater that is not otalab's, add an otalab-updater.yaml to it or name one with --adapter <file> (docs/updater-adapter.md)`);
  }
  files = new Map();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== '__pycache__') walk(p);
      } else if (!name.endsWith('.md')) {
        files.set(relative(dir, p).split('\\').join('/'), new Uint8Array(readFileSync(p)));
      }
    }
  };
  walk(dir);
  cache.set(dir, files);
  return files;
}

/** Removes the firmware files that are still exactly as installed (the oracle judges the rest). */
export function withoutFirmware(files: Map<string, Uint8Array>, firmware: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  for (const [path, bytes] of firmware) {
    const now = files.get(path);
    if (now !== undefined && equalBytes(now, bytes)) files.delete(path);
  }
  return files;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
