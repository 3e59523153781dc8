/**
 * One reference update for the commit tests, covering every case the protocol must handle:
 * replace, add into new nested directories, an empty new file, an unchanged file, a delete, a
 * live file outside the previous managed set, and user data that must never change.
 * Blob SHAs are computed here with node:crypto straight from Git's definition, independently of
 * core/hash, so the tests do not grade the code with its own answers.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { planUpdate, type TargetFile } from '../plan.ts';
import { readTree, writeTree } from './test-kit.ts';
import { commitUpdate, type CommitResult } from './commit-update.ts';
import type { CorePorts } from './steps.ts';

export function gitBlob(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export const USER_FILES = { 'data/user.txt': 'user data\n', 'notes.tmp': 'a user file that happens to end in .tmp\n' };

export const OLD_MANAGED = {
  'app.py': "print('old app')\n",
  'lib/util.py': 'old util\n',
  'obsolete.py': 'bye\n',
  'same.txt': 'same\n',
};

export const NEW_MANAGED = {
  'app.py': "print('new app')\n",
  'lib/util.py': 'new util, longer than before\n',
  'same.txt': 'same\n',
  'pkg/sub/new.py': 'new module\n',
  'empty.py': '',
  'extra.cfg': 'remote\n',
};

/** On the board before the update but not installed by us; the target replaces it. */
export const EXTRA_LIVE = { 'extra.cfg': 'local\n' };

export const OLD = { ref: 'v1', commit: 'c1'.padEnd(40, '1') };
export const NEW = { ref: 'v2', commit: 'c2'.padEnd(40, '2') };
export const STAGE = '.ota_stage';
export const BACKUP = '.ota_backup';

const shas = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [p, gitBlob(t)]));

/** version.json as the old install wrote it (keys sorted by the serialiser). */
export function oldVersionJson(): string {
  const files = Object.entries(shas(OLD_MANAGED)).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{"ref": "${OLD.ref}", "commit": "${OLD.commit}", "files": {${files.map(([p, s]) => `"${p}": "${s}"`).join(', ')}}}`;
}

/** The old board with every changed target file already staged and verified. */
export function setupBoard(dir: string): void {
  writeTree(dir, { ...USER_FILES, ...OLD_MANAGED, ...EXTRA_LIVE, 'version.json': oldVersionJson() });
  const staged: Record<string, string> = {};
  for (const [p, t] of Object.entries(NEW_MANAGED)) if (OLD_MANAGED[p as keyof typeof OLD_MANAGED] !== t) staged[`${STAGE}/${p}`] = t;
  writeTree(dir, staged);
}

export const managed = (p: string) => !p.startsWith('data/') && p !== 'notes.tmp';

export function target(): Map<string, TargetFile> {
  return new Map(Object.entries(NEW_MANAGED).map(([p, t]) => [p, { sha: gitBlob(t), size: Buffer.byteLength(t) }]));
}

export async function planAndCommit(ports: CorePorts, opts: { trialBoots?: number } = {}): Promise<CommitResult> {
  const installed = { ...OLD, files: shas(OLD_MANAGED) };
  const plan = await planUpdate(ports.flash, { target: target(), installed, managed });
  return commitUpdate(ports, plan, { target: NEW, installed, stageDir: STAGE, backupDir: BACKUP, trialBoots: opts.trialBoots ?? 1, errorLimit: 10 });
}

const NOT_APP = new Set(['version.json', 'ota_error.json', 'ota_journal.json', 'ota_config.json', STAGE, BACKUP]);

/** The board's files as the app sees them: everything but updater state (directories included). */
export function appView(dir: string): Record<string, string | null> {
  const all = readTree(dir);
  return Object.fromEntries(Object.entries(all).filter(([p]) => !NOT_APP.has(p.split('/')[0]!)));
}

function expectedView(files: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [p, t] of Object.entries(files)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) out[parts.slice(0, i).join('/')] = null;
    out[p] = t;
  }
  return out;
}

export const OLD_VIEW = expectedView({ ...USER_FILES, ...OLD_MANAGED, ...EXTRA_LIVE });
export const NEW_VIEW = expectedView({ ...USER_FILES, ...NEW_MANAGED });

/** 'old' or 'new' when the board is exactly one version and version.json names it; else a description of the mix. */
export function classify(dir: string): 'old' | 'new' | string {
  const view = sortKeys(appView(dir));
  const vpath = join(dir, 'version.json');
  const version = existsSync(vpath) ? (JSON.parse(readFileSync(vpath, 'utf8')) as { commit?: string; files?: Record<string, string> }) : null;
  const same = (a: object, b: object) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
  if (same(view, OLD_VIEW) && version?.commit === OLD.commit && same(version.files ?? {}, shas(OLD_MANAGED))) return 'old';
  if (same(view, NEW_VIEW) && version?.commit === NEW.commit && same(version.files ?? {}, shas(NEW_MANAGED))) return 'new';
  return `mixed: version ${version?.commit ?? 'none'}, files ${JSON.stringify(view)}`;
}

function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))) as T;
}

/** True when no journal, stage, backup or state temporary is left on the board. */
export function isClean(dir: string): boolean {
  const top = Object.keys(readTree(dir)).filter((p) => !p.includes('/'));
  return !top.some((p) => p === STAGE || p === BACKUP || p.startsWith('ota_journal.json') || (p.endsWith('.tmp') && p !== 'notes.tmp'));
}

