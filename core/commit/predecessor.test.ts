// The predecessor's tests (predecessor-behaviour.md §9) that pin behaviour rather than defects,
// ported to the journaled commit. Its test_startup restored backups unconditionally (defect H1):
// here backups are restored only when the journal says the transaction is being rolled back.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isOtaError } from '../errors.ts';
import { readJournal, writeJournal } from '../journal/index.ts';
import { FlashError, type Flash } from '../ports/flash.ts';
import { planUpdate, type TargetFile } from '../plan.ts';
import { recover } from '../recovery.ts';
import { readErrors, readVersion, type VersionJson } from '../state/index.ts';
import { commitUpdate, type CommitResult } from './commit-update.ts';
import { readTree, recordingFlash, tempRoot, testPorts, writeTree } from './test-kit.ts';

const roots: (() => void)[] = [];
afterEach(() => roots.splice(0).forEach((c) => c()));

const blob = (t: string) => createHash('sha1').update(`blob ${Buffer.byteLength(t)}\0${t}`).digest('hex');
const tf = (t: string): TargetFile => ({ sha: blob(t), size: Buffer.byteLength(t) });

/** A board with `live` files, `staged` files under .ota_stage, and optionally a version.json text. */
function miniBoard(live: Record<string, string>, staged: Record<string, string>, version?: string) {
  const r = tempRoot();
  roots.push(r.cleanup);
  writeTree(r.dir, live);
  writeTree(r.dir, Object.fromEntries(Object.entries(staged).map(([p, t]) => [`.ota_stage/${p}`, t])));
  if (version !== undefined) writeTree(r.dir, { 'version.json': version });
  return r;
}

async function update(flash: Flash, files: Record<string, string>, to: { ref: string; commit: string }, opts: { dirs?: [string, string] } = {}): Promise<CommitResult> {
  const installed: VersionJson | null = (await readVersion(flash)).version;
  const plan = await planUpdate(flash, { target: new Map(Object.entries(files).map(([p, t]) => [p, tf(t)])), installed, managed: () => true });
  const [stageDir, backupDir] = opts.dirs ?? ['.ota_stage', '.ota_backup'];
  return commitUpdate(testPorts(flash), plan, { target: to, installed, stageDir, backupDir, trialBoots: 1, errorLimit: 10 });
}

describe('test_staging', () => {
  it('a staged app.py replaces the live one and version.json has the ref and commit', async () => {
    const r = miniBoard({ 'app.py': 'old' }, { 'app.py': 'new' });
    await update(r.flash, { 'app.py': 'new' }, { ref: 'main', commit: 'abc123' });
    expect(readTree(r.dir)['app.py']).toBe('new');
    expect((await readVersion(r.flash)).version).toMatchObject({ ref: 'main', commit: 'abc123' });
  });
});

describe('test_swap', () => {
  it('writes version.json as the predecessor bytes followed by the files map', async () => {
    const r = miniBoard({ 'app.py': 'old' }, { 'app.py': 'new' });
    await update(r.flash, { 'app.py': 'new' }, { ref: 'ref123', commit: 'c1' });
    // blob("new") = sha1("blob 3\0new"), computed independently above.
    expect(readTree(r.dir)['version.json']).toBe(`{"ref": "ref123", "commit": "c1", "files": {"app.py": "${blob('new')}"}}`);
  });

  it("a failing second staged rename propagates, restores the first file and leaves no version.json", async () => {
    const r = miniBoard({ 'a.py': 'old a', 'b.py': 'old b' }, { 'a.py': 'new a', 'b.py': 'new b' });
    const failing: Flash = { ...r.flash, rename: async (a, b) => (a === '.ota_stage/b.py' ? Promise.reject(new FlashError('EIO', 'rename', a)) : r.flash.rename(a, b)) };
    const err = await update(failing, { 'a.py': 'new a', 'b.py': 'new b' }, { ref: 'ref123', commit: 'c1' }).catch((e: unknown) => e);
    expect(isOtaError(err, 'FLASH')).toBe(true);
    const tree = readTree(r.dir);
    expect([tree['a.py'], tree['b.py'], tree['version.json']]).toEqual(['old a', 'old b', undefined]);
  });
});

describe('test_version_timing', () => {
  it('syncs before the version.json rename', async () => {
    const r = miniBoard({ 'app.py': 'old' }, { 'app.py': 'new' });
    const ops: string[] = [];
    await update(recordingFlash(r.flash, ops), { 'app.py': 'new' }, { ref: 'r', commit: 'c' });
    expect(ops.indexOf('sync')).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf('sync')).toBeLessThan(ops.indexOf('rename version.json.tmp -> version.json'));
  });

  it('a failing version.json rename rolls the files back and leaves no version.json', async () => {
    const r = miniBoard({ 'app.py': 'old' }, { 'app.py': 'new', 'lib/new.py': 'n' });
    let failedOnce = false;
    const failing: Flash = {
      ...r.flash,
      rename: async (a, b) => (a === 'version.json.tmp' && !failedOnce ? ((failedOnce = true), Promise.reject(new FlashError('EIO', 'rename', a))) : r.flash.rename(a, b)),
    };
    const err = await update(failing, { 'app.py': 'new', 'lib/new.py': 'n' }, { ref: 'r', commit: 'c' }).catch((e: unknown) => e);
    expect(isOtaError(err)).toBe(true);
    expect(readTree(r.dir)).toEqual({ 'app.py': 'old', 'ota_error.json': expect.stringContaining('"code": "FLASH"') });
  });

  it('a failing sync is swallowed and the new files stay', async () => {
    const r = miniBoard({ 'app.py': 'old' }, { 'app.py': 'new' });
    const failing: Flash = { ...r.flash, sync: async () => Promise.reject(new FlashError('EIO', 'sync', '')) };
    expect(await update(failing, { 'app.py': 'new' }, { ref: 'r', commit: 'c' })).toMatchObject({ kind: 'committed' });
    expect(readTree(r.dir)['app.py']).toBe('new');
  });

  it('with nothing to move, still writes version.json for the new commit', async () => {
    const r = miniBoard({ 'app.py': 'same' }, {}, '{"ref": "v1", "commit": "c1"}');
    expect(await update(r.flash, { 'app.py': 'same' }, { ref: 'v2', commit: 'c2' })).toEqual({ kind: 'version-only', written: true });
    expect((await readVersion(r.flash)).version).toEqual({ ref: 'v2', commit: 'c2', files: { 'app.py': blob('same') } });
  });

  it('does not rewrite an identical state, and rewrites a new one', async () => {
    // Still meaningful with the files map: identical bytes mean the same commit and the same
    // installed files, so a forced check that finds nothing to repair writes nothing at all.
    const r = miniBoard({ 'app.py': 'same' }, {});
    await update(r.flash, { 'app.py': 'same' }, { ref: 'v1', commit: 'c1' });
    const ops: string[] = [];
    expect(await update(recordingFlash(r.flash, ops), { 'app.py': 'same' }, { ref: 'v1', commit: 'c1' })).toEqual({ kind: 'version-only', written: false });
    expect(ops).toEqual([]);
    expect(await update(r.flash, { 'app.py': 'same' }, { ref: 'v1', commit: 'c2' })).toEqual({ kind: 'version-only', written: true });
  });
});

/** Commits, then turns the journal into `rollback` as if a trial had failed mid-way. */
async function interruptedRollback(r: ReturnType<typeof miniBoard>, files: Record<string, string>, dirs?: [string, string]) {
  await update(r.flash, files, { ref: 'v2', commit: 'c2' }, dirs ? { dirs } : {});
  const j = await readJournal(r.flash);
  if (j.kind !== 'ok') throw new Error('no journal');
  await writeJournal(r.flash, { ...j.journal, phase: 'rollback', rollback: { code: 'TRIAL_FAILED', phase: 'trial', message: 'not confirmed' } });
}

const V1 = (files: Record<string, string>) => `{"ref": "v1", "commit": "c1", "files": {${Object.entries(files).map(([p, t]) => `"${p}": "${blob(t)}"`).join(', ')}}}`;

describe('test_startup (journal-driven)', () => {
  it('restores backups over live files when the journal is rolling back, and removes both dirs', async () => {
    const r = miniBoard({ 'app.py': 'old' }, { 'app.py': 'new' }, V1({ 'app.py': 'old' }));
    await interruptedRollback(r, { 'app.py': 'new' });
    expect(await recover(testPorts(r.flash))).toMatchObject({ action: 'rolled-back' });
    const tree = readTree(r.dir);
    expect(tree['app.py']).toBe('old');
    expect(Object.keys(tree).filter((p) => p.startsWith('.ota_'))).toEqual([]);
  });

  it('wipes a stage-only leftover (no journal: nothing was committed)', async () => {
    const r = miniBoard({ 'app.py': 'live' }, { 'app.py': 'half-downloaded', 'lib/x.py.part': 'x' });
    expect(await recover(testPorts(r.flash))).toEqual({ action: 'none', onTrial: false, removed: ['.ota_stage'] });
    expect(readTree(r.dir)).toEqual({ 'app.py': 'live' });
  });

  it('works with custom dirs, which recovery learns from the journal alone', async () => {
    const r = miniBoard({ 'app.py': 'old' }, {}, V1({ 'app.py': 'old' }));
    writeTree(r.dir, { 'var/stage/app.py': 'new' });
    await interruptedRollback(r, { 'app.py': 'new' }, ['var/stage', 'var/backup']);
    expect(readTree(r.dir)['var/backup/app.py']).toBe('old');
    await recover(testPorts(r.flash));
    expect(readTree(r.dir)).toEqual({ 'app.py': 'old', var: null, 'version.json': V1({ 'app.py': 'old' }).replace('}}', '}, "rejected": ["c2"]}'), 'ota_error.json': expect.any(String) });
  });

  it('adopts a complete journal tmp left without a journal (a rename cut on FAT) and finishes its transaction', async () => {
    const r = miniBoard({ 'app.py': 'live' }, {});
    const j = { format: 1, phase: 'apply', target: { ref: 'v2', commit: 'c2' }, previous: null, previous_files: null, target_files: {}, rejected: [], stage_dir: 'var/stage', backup_dir: 'var/backup', mkdirs: [], ops: [], boots: 0, max_boots: 1, error_limit: 10, created: 0 };
    writeTree(r.dir, { 'ota_journal.json.tmp': JSON.stringify(j), 'version.json': '{"ref": "v1", "commit": "c1"}' });
    const report = await recover(testPorts(r.flash));
    expect(report).toMatchObject({ action: 'rolled-forward', target: { commit: 'c2' } });
    expect(readTree(r.dir)['ota_journal.json.tmp']).toBeUndefined();
    expect(readTree(r.dir)['version.json']).toBe('{"ref": "v2", "commit": "c2", "files": {}}');
  });

  it('drops a torn journal tmp and stray temporaries when no journal exists', async () => {
    const r = miniBoard({ 'app.py': 'live' }, {});
    writeTree(r.dir, { '.ota_stage/app.py': 'new', 'version.json.tmp': '{"ref"', 'ota_journal.json.tmp': '{"format": 1, "pha' });
    writeTree(r.dir, { 'version.json': '{"ref": "v1", "commit": "c1"}' });
    const report = await recover(testPorts(r.flash));
    expect(report).toMatchObject({ action: 'none', removed: ['.ota_stage', 'version.json.tmp', 'ota_journal.json.tmp'] });
    expect(readTree(r.dir)).toEqual({ 'app.py': 'live', 'version.json': '{"ref": "v1", "commit": "c1"}' });
  });
});

describe('test_rollback_atomicity (against production code)', () => {
  it('removes new files, restores replaced ones and restores deletes in subdirectories', async () => {
    const old = { 'app.py': 'old app', 'sub/dir/gone.py': 'gone' };
    const r = miniBoard(old, { 'app.py': 'new app', 'pkg/new.py': 'new' }, V1(old));
    await interruptedRollback(r, { 'app.py': 'new app', 'pkg/new.py': 'new' });
    expect(readTree(r.dir)['sub/dir/gone.py']).toBeUndefined();
    await recover(testPorts(r.flash));
    const tree = readTree(r.dir);
    expect([tree['app.py'], tree['sub/dir/gone.py'], tree['pkg/new.py'], tree['pkg']]).toEqual(['old app', 'gone', undefined, undefined]);
  });

  it('keeps going past a failed restore, keeps that backup and the journal, and finishes next boot', async () => {
    const old = { 'a.py': 'old a', 'b.py': 'old b', 'c.py': 'old c' };
    const r = miniBoard(old, { 'a.py': 'new a', 'b.py': 'new b', 'c.py': 'new c' }, V1(old));
    await interruptedRollback(r, { 'a.py': 'new a', 'b.py': 'new b', 'c.py': 'new c' });
    const failing: Flash = { ...r.flash, rename: async (a, b) => (a === '.ota_backup/b.py' ? Promise.reject(new FlashError('EIO', 'rename', a)) : r.flash.rename(a, b)) };
    const report = await recover(testPorts(failing));
    expect(report).toMatchObject({ action: 'failed', code: 'RECOVERY' });
    let tree = readTree(r.dir);
    expect([tree['a.py'], tree['b.py'], tree['c.py'], tree['.ota_backup/b.py']]).toEqual(['old a', 'new b', 'old c', 'old b']);
    expect((await readJournal(r.flash)).kind).toBe('ok');
    expect((await readErrors(r.flash)).at(-1)).toMatchObject({ code: 'RECOVERY', message: expect.stringMatching(/b\.py \(replace\): EIO/) });

    expect(await recover(testPorts(r.flash))).toMatchObject({ action: 'rolled-back' });
    tree = readTree(r.dir);
    expect([tree['a.py'], tree['b.py'], tree['c.py'], tree['.ota_backup']]).toEqual(['old a', 'old b', 'old c', undefined]);
  });
});
