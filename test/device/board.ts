/**
 * The reference update of core/commit/board-fixture.ts, on a MicroPython device: the same old and
 * new file sets, so the device's commit, recovery and trial are judged against the same views as
 * core's, and its flash calls can be compared with core's one by one.
 */
import { NEW, NEW_MANAGED, NEW_VIEW, OLD, OLD_MANAGED, OLD_VIEW, EXTRA_LIVE, USER_FILES, STAGE, BACKUP, gitBlob, oldVersionJson } from '../../core/commit/board-fixture.ts';
import { CUT_KIT, RESET_KIT } from './cut-kit.ts';
import { loadDevice, type Device } from './harness.ts';

export { NEW, OLD };

const shas = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [p, gitBlob(t)]));

/** The old board with every changed target file already staged (as setupBoard writes it). */
export function initialFiles(): Record<string, string> {
  const files: Record<string, string> = { ...USER_FILES, ...OLD_MANAGED, ...EXTRA_LIVE, 'version.json': oldVersionJson() };
  for (const [p, t] of Object.entries(NEW_MANAGED)) if (OLD_MANAGED[p as keyof typeof OLD_MANAGED] !== t) files[`${STAGE}/${p}`] = t;
  return files;
}

const TARGET = Object.fromEntries(Object.entries(NEW_MANAGED).map(([p, t]) => [p, [gitBlob(t), Buffer.byteLength(t)]]));
const INSTALLED = { ...OLD, files: shas(OLD_MANAGED) };

const BOARD_KIT = `
import json
import otalab_recover as R
from otalab import plan as P, commit as C
import os as _os3
NEW = json.loads(${JSON.stringify(JSON.stringify(NEW))})
TARGET = json.loads(${JSON.stringify(JSON.stringify(TARGET))})
INSTALLED = json.loads(${JSON.stringify(JSON.stringify(INSTALLED))})
def plan_and_commit(trial_boots=1):
    managed = lambda p: not p.startswith('data/') and p != 'notes.tmp'
    plan = P.plan_update(TARGET, INSTALLED, managed)
    cfg = {'stage_dir': '${STAGE}', 'backup_dir': '${BACKUP}', 'chunk': 1024, 'trial_boots': trial_boots, 'error_history_limit': 10}
    return C.commit_update(plan, NEW, INSTALLED, cfg)
def snapshot(d=''):
    out = {}
    for n in sorted(_os3.listdir(d or '.')):
        p = d + '/' + n if d else n
        if p in OWN:
            continue
        if _os3.stat(p)[0] & 0x4000:
            out[p] = None
            out.update(snapshot(p))
        else:
            f = open(p, 'rb'); out[p] = str(f.read(), 'utf-8'); f.close()
    return out
def restore(snap):
    reset_board({})
    for p in sorted(snap):
        if snap[p] is None:
            if p != 'lib':
                _os3.mkdir(p)
        else:
            f = open(p, 'wb'); f.write(snap[p].encode()); f.close()
`;

export interface Board {
  dev: Device;
  py(code: string): void;
  /** Python expression → its json.dumps text, parsed. */
  value<T>(expr: string): T;
  reset(): void;
  snapshot(): Record<string, string | null>;
  restore(snap: Record<string, string | null>): void;
}

export async function loadBoard(): Promise<Board> {
  const dev = await loadDevice();
  dev.run(CUT_KIT + RESET_KIT + BOARD_KIT);
  const value = <T>(expr: string): T => JSON.parse(dev.eval(`_out = json.dumps(${expr})`)) as T;
  const board: Board = {
    dev,
    py: (code) => dev.run(code),
    value,
    reset: () => dev.run(`reset_board(json.loads(${JSON.stringify(JSON.stringify(initialFiles()))}))`),
    snapshot: () => value('snapshot()'),
    restore: (snap) => dev.run(`restore(json.loads(${JSON.stringify(JSON.stringify(snap))}))`),
  };
  return board;
}

const NOT_APP = new Set(['version.json', 'ota_error.json', 'ota_journal.json', 'ota_config.json', STAGE, BACKUP]);
const sorted = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));

/** 'old' or 'new' when the board is exactly one version and version.json names it; else the mix. */
export function classify(snap: Record<string, string | null>): string {
  const view = Object.fromEntries(Object.entries(snap).filter(([p]) => !NOT_APP.has(p.split('/')[0]!)));
  const v = snap['version.json'] ? (JSON.parse(snap['version.json']) as { commit?: string; files?: Record<string, string> }) : null;
  if (sorted(view) === sorted(OLD_VIEW) && v?.commit === OLD.commit && sorted(v.files ?? {}) === sorted(shas(OLD_MANAGED))) return 'old';
  if (sorted(view) === sorted(NEW_VIEW) && v?.commit === NEW.commit && sorted(v.files ?? {}) === sorted(shas(NEW_MANAGED))) return 'new';
  return `mixed: version ${v?.commit ?? 'none'}, files ${sorted(view)}`;
}

export function isClean(snap: Record<string, string | null>): boolean {
  return !Object.keys(snap).some((p) => !p.includes('/') && (p === STAGE || p === BACKUP || p.startsWith('ota_journal.json') || (p.endsWith('.tmp') && p !== 'notes.tmp')));
}
