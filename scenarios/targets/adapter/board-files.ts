/**
 * Where a foreign updater's files go on the board, and how the board looks to the oracle: the
 * scenario's version record and config are written in the updater's own terms (its version file
 * and keys, its config file with the adapter's `set` keys), and read back in ours, so the oracle
 * judges every updater by one yardstick. The updater's state (adapter `state`) is hidden.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Buffer } from 'node:buffer';
import { DEFAULT_CONFIG_FILE } from '../../state/config-file.ts';
import { ADAPTER_FILE, type UpdaterAdapter } from './types.ts';
import { InvalidAdapterError, adapterPath, boardNameOf } from './load.ts';

const cache = new Map<string, Map<string, Uint8Array>>();
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Board path → bytes of the updater's files: the dir minus the adapter, docs (*.md) and `leaveOff`, `installAs` applied. */
export function updaterBoardFiles(dir: string, adapter: UpdaterAdapter, adapterFile?: string): Map<string, Uint8Array> {
  const key = `${dir}\0${adapterFile ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const files = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p).split('\\').join('/');
      if (statSync(p).isDirectory()) {
        if (name !== '__pycache__') walk(p);
        continue;
      }
      if (rel === ADAPTER_FILE || name.endsWith('.md')) continue;
      const to = boardNameOf(adapter, rel);
      if (to !== null) files.set(to, new Uint8Array(readFileSync(p)));
    }
  };
  walk(dir);
  if ('bootPy' in adapter.start && !files.has(adapter.start.bootPy)) {
    throw new InvalidAdapterError(adapterPath(dir, adapterFile), [`start.bootPy: no file of ${dir} reaches the board as ${adapter.start.bootPy} (check installAs and leaveOff)`]);
  }
  cache.set(key, files);
  return files;
}

/** The Python a boot runs as the updater: the start file, or the start call. */
export function startCode(adapter: UpdaterAdapter): { file: string } | { code: string } {
  if ('bootPy' in adapter.start) return { file: adapter.start.bootPy };
  const { module, function: fn } = adapter.start.call;
  return { code: `import ${module}\n${module}.${fn}()\n` };
}

/** What the app runs when healthy: the adapter's health call, or nothing. */
export function healthCode(adapter: UpdaterAdapter): string {
  if (!adapter.health) return 'pass\n';
  const { module, function: fn } = adapter.health.call;
  return `import ${module}\n${module}.${fn}()\n`;
}

function parseJson(bytes: Uint8Array | undefined): Record<string, unknown> | null {
  if (bytes === undefined) return null;
  try {
    const v = JSON.parse(dec.decode(bytes)) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isDefaultVersion = (a: UpdaterAdapter) => a.version.file === 'version.json' && a.version.key === 'commit' && a.version.refKey === 'ref';

/** The board's translation both ways (one per run: it remembers the config as provisioned). */
export interface BoardTranslation {
  /** The provisioned files as the updater expects them. */
  toBoard(initial: Map<string, Uint8Array>): Map<string, Uint8Array>;
  /** The board's files as the oracle reads them (mutates and returns `files`). */
  fromBoard(files: Map<string, Uint8Array>): Map<string, Uint8Array>;
  /** Whether a path is the updater's own state (hidden from the oracle). */
  isState(path: string): boolean;
}

export function boardTranslation(adapter: UpdaterAdapter): BoardTranslation {
  let provisionedConfig: Uint8Array | undefined;
  let adaptedConfig: Uint8Array | undefined;
  const cfgFile = adapter.config.file;
  const isState = (path: string) => adapter.state.some((s) => (s.endsWith('/') ? path.startsWith(s) || path === s : path === s || path.startsWith(`${s}/`)));
  return {
    isState,
    toBoard(initial) {
      const out = new Map(initial);
      const original = initial.get(DEFAULT_CONFIG_FILE);
      if (original !== undefined) {
        const parsed = parseJson(original);
        provisionedConfig = original;
        adaptedConfig = parsed === null ? original : enc.encode(JSON.stringify({ ...parsed, ...adapter.config.set }, null, 2) + '\n');
        out.delete(DEFAULT_CONFIG_FILE);
        out.set(cfgFile, adaptedConfig);
      }
      if (!isDefaultVersion(adapter)) {
        const v = parseJson(initial.get('version.json'));
        out.delete('version.json');
        if (v !== null) out.set(adapter.version.file, enc.encode(JSON.stringify({ [adapter.version.key]: v.commit ?? null, [adapter.version.refKey]: v.ref ?? null })));
      }
      return out;
    },
    fromBoard(files) {
      if (adaptedConfig !== undefined) {
        const now = files.get(cfgFile);
        if (now !== undefined && Buffer.compare(now, adaptedConfig) === 0) {
          files.delete(cfgFile);
          files.set(DEFAULT_CONFIG_FILE, provisionedConfig!);
        }
      }
      if (!isDefaultVersion(adapter)) {
        const bytes = files.get(adapter.version.file);
        files.delete(adapter.version.file);
        if (bytes !== undefined) {
          const v = parseJson(bytes);
          files.set('version.json', v === null ? bytes : enc.encode(JSON.stringify({ ref: v[adapter.version.refKey] ?? null, commit: v[adapter.version.key] ?? null })));
        }
      }
      for (const p of [...files.keys()]) if (isState(p)) files.delete(p);
      return files;
    },
  };
}
