import { describe, expect, it } from 'vitest';
import { classify, isClean, NEW, OLD, planAndCommit, setupBoard, STAGE } from './commit/board-fixture.ts';
import { PowerCut, cuttingFlash, readTree, testPorts, writeTree, useTempRoots } from './commit/test-kit.ts';
import { readJournal, writeJournal } from './journal/index.ts';
import { FlashError, type Flash } from './ports/flash.ts';
import { recover } from './recovery.ts';
import { readErrors, readVersion } from './state/index.ts';

const board = useTempRoots(setupBoard);

/** Commit with a power cut after `mutations` flash mutations (4 = the journal has just landed). */
async function cutCommit(r: ReturnType<typeof board>, mutations: number): Promise<void> {
  await expect(planAndCommit(testPorts(cuttingFlash(r.flash, mutations).flash))).rejects.toBeInstanceOf(PowerCut);
}

describe('recover without a journal', () => {
  it('removes stray stage/backup trees and state temporaries, and nothing of the user', async () => {
    const r = board();
    writeTree(r.dir, { '.ota_backup/app.py': 'stale backup', 'version.json.tmp': '{"ref": "x"', 'ota_error.json.tmp': '' });
    const before = readTree(r.dir);
    const ports = testPorts(r.flash);
    const report = await recover(ports);
    expect(report).toEqual({ action: 'none', onTrial: false, removed: ['.ota_stage', '.ota_backup', 'version.json.tmp', 'ota_error.json.tmp'] });
    const after = readTree(r.dir);
    expect(after['notes.tmp']).toBe(before['notes.tmp']);
    expect(classify(r.dir)).toBe('old');
    expect(isClean(r.dir)).toBe(true);
    expect(ports.feeds()).toBeGreaterThan(0);
  });

  it('is idle and writes nothing on a clean board', async () => {
    const r = board();
    await recover(testPorts(r.flash));
    const before = readTree(r.dir);
    expect(await recover(testPorts(r.flash))).toEqual({ action: 'none', onTrial: false, removed: [] });
    expect(readTree(r.dir)).toEqual(before);
  });
});

describe('recover with a journal in apply', () => {
  it('rolls forward from the commit point, ignoring a broken config (it never reads it)', async () => {
    const r = board();
    writeTree(r.dir, { 'ota_config.json': '{ this is not json' });
    await cutCommit(r, 4);
    expect((await readJournal(r.flash)).kind).toBe('ok');
    expect(await recover(testPorts(r.flash))).toMatchObject({ action: 'rolled-forward', onTrial: true, boots: 0, target: NEW });
    expect(classify(r.dir)).toBe('new');
    expect(readTree(r.dir)['ota_config.json']).toBe('{ this is not json');
  });

  it('rolls back and records RECOVERY when a staged file is lost before it was applied', async () => {
    const r = board();
    await cutCommit(r, 10); // some files already moved
    await r.flash.remove(`${STAGE}/pkg/sub/new.py`);
    const report = await recover(testPorts(r.flash));
    expect(report).toMatchObject({ action: 'rolled-back', onTrial: false, reason: { code: 'RECOVERY', phase: 'recovery' } });
    expect(classify(r.dir)).toBe('old');
    expect(isClean(r.dir)).toBe(true);
    expect((await readErrors(r.flash)).map((e) => [e.phase, e.code])).toEqual([['recovery', 'RECOVERY']]);
    // A lost stage says nothing against the commit: it is not rejected.
    expect((await readVersion(r.flash)).version).toMatchObject({ commit: OLD.commit });
    expect((await readVersion(r.flash)).version?.rejected).toBeUndefined();
  });

  it('rolls back when a file that should already be installed is not the new one', async () => {
    const r = board();
    await cutCommit(r, 10);
    // app.py was moved into place before the cut; damage it and drop its staged copy's evidence.
    expect(readTree(r.dir)[`${STAGE}/app.py`]).toBeUndefined();
    writeTree(r.dir, { 'app.py': 'corrupted' });
    expect(await recover(testPorts(r.flash))).toMatchObject({ action: 'rolled-back' });
    expect(classify(r.dir)).toBe('old');
  });

  it('turns a flash error during roll-forward into a rollback', async () => {
    const r = board();
    await cutCommit(r, 4);
    const failing: Flash = { ...r.flash, rename: async (a, b) => (a === `${STAGE}/lib/util.py` ? Promise.reject(new FlashError('EIO', 'rename', a)) : r.flash.rename(a, b)) };
    expect(await recover(testPorts(failing))).toMatchObject({ action: 'rolled-back', reason: { code: 'RECOVERY' } });
    expect(classify(r.dir)).toBe('old');
  });
});

describe('recover with a journal in trial, rollback or cleanup', () => {
  it('reports a trial without touching the flash', async () => {
    const r = board();
    await planAndCommit(testPorts(r.flash), { trialBoots: 2 });
    const before = readTree(r.dir);
    expect(await recover(testPorts(r.flash))).toEqual({ action: 'on-trial', onTrial: true, boots: 0, maxBoots: 2, target: NEW });
    expect(readTree(r.dir)).toEqual(before);
  });

  it('finishes a cleanup: backups, stage and journal go, the new version stays', async () => {
    const r = board();
    await planAndCommit(testPorts(r.flash));
    const j = await readJournal(r.flash);
    if (j.kind !== 'ok') throw new Error('no journal');
    await writeJournal(r.flash, { ...j.journal, phase: 'cleanup' });
    expect(await recover(testPorts(r.flash))).toEqual({ action: 'cleaned-up', onTrial: false });
    expect(classify(r.dir)).toBe('new');
    expect(isClean(r.dir)).toBe(true);
  });
});

describe('recover with an unreadable journal', () => {
  it('records RECOVERY, drops the journal and cleans the default dirs', async () => {
    const r = board();
    writeTree(r.dir, { 'ota_journal.json': '{"format": 1, "phase": "ap' });
    const report = await recover(testPorts(r.flash));
    expect(report).toMatchObject({ action: 'discarded-journal', reason: expect.stringMatching(/not JSON/), removed: ['.ota_stage'] });
    expect((await readErrors(r.flash)).at(-1)).toMatchObject({ phase: 'recovery', code: 'RECOVERY' });
    expect(isClean(r.dir)).toBe(true);
  });
});
