/**
 * Test doubles for the commit protocol's tests (not used by production code).
 *
 * `cuttingFlash` fault model: a power cut lands *before* the (N+1)-th mutating call (openWrite,
 * write, close, rename, remove, mkdir, rmdir), which then never happens; after the cut every call,
 * reads included, throws `PowerCut`, so no catch block can write. The host filesystem keeps what
 * earlier calls did (on littlefs an unclosed file would read as old/empty; our tmp files are never
 * trusted either way). The full power-loss simulator (torn writes, FAT) is sim/flash/.
 */
import { afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeFlash } from '../adapters/node-flash.ts';
import type { Flash, FlashReader, FlashWriter } from '../ports/flash.ts';
import type { LogLevel } from '../ports/log.ts';
import type { CorePorts } from './steps.ts';

export class PowerCut extends Error {
  constructor() {
    super('power cut (test double)');
    this.name = 'PowerCut';
  }
}

export interface CutFlash {
  flash: Flash;
  /** Mutating calls that happened. */
  mutations(): number;
  wasCut(): boolean;
}

/** Cuts before mutation number `cutAfter` (0-based): `cutAfter` mutations succeed. Infinity: never. */
export function cuttingFlash(inner: Flash, cutAfter: number): CutFlash {
  let count = 0;
  let cut = false;
  const open = new Set<{ close(): Promise<void> }>();
  const alive = () => {
    if (cut) throw new PowerCut();
  };
  const mutate = async () => {
    alive();
    if (count >= cutAfter) {
      cut = true;
      // Release host file handles without further effects on the "device".
      for (const h of open) await h.close().catch(() => {});
      open.clear();
      throw new PowerCut();
    }
    count++;
  };
  const flash: Flash = {
    stat: async (p) => (alive(), inner.stat(p)),
    readFile: async (p) => (alive(), inner.readFile(p)),
    openRead: async (p) => {
      alive();
      const r = await inner.openRead(p);
      open.add(r);
      const reader: FlashReader = {
        read: async (n) => (alive(), r.read(n)),
        close: async () => (alive(), open.delete(r), r.close()),
      };
      return reader;
    },
    openWrite: async (p) => {
      await mutate();
      const w = await inner.openWrite(p);
      open.add(w);
      const writer: FlashWriter = {
        write: async (c) => (await mutate(), w.write(c)),
        close: async () => (await mutate(), open.delete(w), w.close()),
      };
      return writer;
    },
    rename: async (a, b) => (await mutate(), inner.rename(a, b)),
    remove: async (p) => (await mutate(), inner.remove(p)),
    mkdir: async (p) => (await mutate(), inner.mkdir(p)),
    rmdir: async (p) => (await mutate(), inner.rmdir(p)),
    list: async (p) => (alive(), inner.list(p)),
    sync: async () => (alive(), inner.sync()),
    freeBytes: async () => (alive(), inner.freeBytes()),
  };
  return { flash, mutations: () => count, wasCut: () => cut };
}

/** Records every mutating call (and sync) in order: `rename a -> b`, `remove a`, `sync`… */
export function recordingFlash(inner: Flash, journal: string[]): Flash {
  return {
    ...inner,
    openWrite: async (p) => {
      journal.push(`open ${p}`);
      const w = await inner.openWrite(p);
      return { write: (c) => w.write(c), close: async () => (journal.push(`close ${p}`), w.close()) };
    },
    rename: async (a, b) => (journal.push(`rename ${a} -> ${b}`), inner.rename(a, b)),
    remove: async (p) => (journal.push(`remove ${p}`), inner.remove(p)),
    mkdir: async (p) => (journal.push(`mkdir ${p}`), inner.mkdir(p)),
    rmdir: async (p) => (journal.push(`rmdir ${p}`), inner.rmdir(p)),
    sync: async () => (journal.push('sync'), inner.sync()),
  };
}

export interface TestPorts extends CorePorts {
  feeds: () => number;
  events: { level: LogLevel; event: string; fields?: Record<string, unknown> }[];
}

export function testPorts(flash: Flash, nowMs = 1_700_000_000_000): TestPorts {
  let feeds = 0;
  const events: TestPorts['events'] = [];
  return {
    flash,
    clock: { now: () => nowMs, uptimeMs: () => 0, sleep: async () => {} },
    watchdog: { start() {}, feed: () => void feeds++ },
    log: { log: (level, event, fields) => void events.push({ level, event, ...(fields ? { fields } : {}) }) },
    feeds: () => feeds,
    events,
  };
}

/** A fresh directory; tmpfs when the host has one (these tests fsync a lot). */
export function tempRoot(): { dir: string; flash: Flash; cleanup: () => void } {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'otalab-commit-'));
  return { dir, flash: nodeFlash(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

/** Every file below `dir` (relative path → text), and every directory (relative path → null). */
export function readTree(dir: string, rel = ''): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const p = rel === '' ? name : `${rel}/${name}`;
    if (statSync(join(dir, p)).isDirectory()) {
      out[p] = null;
      Object.assign(out, readTree(dir, p));
    } else out[p] = readFileSync(join(dir, p), 'utf8');
  }
  return out;
}

/**
 * A factory of temporary board directories, each removed after the test that made it; `setup`
 * (e.g. setupBoard) runs on every new directory.
 */
export function useTempRoots(setup?: (dir: string) => void): () => ReturnType<typeof tempRoot> {
  const roots: (() => void)[] = [];
  afterEach(() => roots.splice(0).forEach((cleanup) => cleanup()));
  return () => {
    const r = tempRoot();
    roots.push(r.cleanup);
    setup?.(r.dir);
    return r;
  };
}
