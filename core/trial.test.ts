import { describe, expect, it } from 'vitest';
import { NEW, OLD, classify, gitBlob, isClean, planAndCommit, setupBoard } from './commit/board-fixture.ts';
import { readTree, testPorts, writeTree, useTempRoots } from './commit/test-kit.ts';
import { commitUpdate } from './commit/index.ts';
import { isOtaError } from './errors.ts';
import { FlashError } from './ports/flash.ts';
import { readJournal, writeJournal } from './journal/index.ts';
import { planUpdate } from './plan.ts';
import { recover } from './recovery.ts';
import { readErrors, readVersion } from './state/index.ts';
import { POWER_LOSS_FACTOR, beginBootOnTrial, confirm } from './trial.ts';

const board = useTempRoots(setupBoard);
const emptyRoot = useTempRoots();

describe('beginBootOnTrial', () => {
  it('counts boots in the journal and rolls back on the first boot past max_boots', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 2 });
    expect(await beginBootOnTrial(ports)).toEqual({ onTrial: true, rolledBack: false, boots: 1, maxBoots: 2 });
    expect(await beginBootOnTrial(ports)).toEqual({ onTrial: true, rolledBack: false, boots: 2, maxBoots: 2 });
    expect(await readJournal(r.flash)).toMatchObject({ journal: { boots: 2 } });
    expect(classify(r.dir)).toBe('new');
    expect(await beginBootOnTrial(ports)).toEqual({ onTrial: false, rolledBack: true, boots: 3 });
    expect(classify(r.dir)).toBe('old');
    expect(isClean(r.dir)).toBe(true);
    expect((await readVersion(r.flash)).version).toMatchObject({ ref: OLD.ref, commit: OLD.commit, rejected: [NEW.commit] });
    const [record] = await readErrors(r.flash);
    expect(record).toMatchObject({ phase: 'trial', code: 'TRIAL_FAILED', target: NEW.commit, time: 1_700_000_000 });
    expect(record?.message).toMatch(/not confirmed: 2 trial boot\(s\) ended without confirmation/);
  });

  it('does not count trial boots that ended in a power loss, up to POWER_LOSS_FACTOR × max_boots boots', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 2 });
    // First trial boot follows the updater's reset; every later one follows a power cut.
    expect(await beginBootOnTrial(ports, 'hard')).toMatchObject({ onTrial: true, boots: 1 });
    for (let boot = 2; boot <= POWER_LOSS_FACTOR * 2; boot++) {
      expect(await beginBootOnTrial(ports, 'power-on')).toMatchObject({ onTrial: true, boots: boot });
    }
    expect(classify(r.dir)).toBe('new');
    expect(await readJournal(r.flash)).toMatchObject({ journal: { boots: 6, power_losses: 5 } });
    // The cap: a version that never gets confirmed, whatever the resets, is rolled back.
    expect(await beginBootOnTrial(ports, 'power-on')).toEqual({ onTrial: false, rolledBack: true, boots: 7 });
    expect(classify(r.dir)).toBe('old');
  });

  it('counts a watchdog reset during the trial as a failed boot', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 2 });
    await beginBootOnTrial(ports, 'hard');
    await beginBootOnTrial(ports, 'power-on'); // not counted
    await beginBootOnTrial(ports, 'watchdog'); // the previous boot failed: 1
    expect(await beginBootOnTrial(ports, 'watchdog')).toMatchObject({ rolledBack: true });
    expect(classify(r.dir)).toBe('old');
  });

  it('says "not on trial" when there is no journal or it is in another phase', async () => {
    const r = board();
    expect(await beginBootOnTrial(testPorts(r.flash))).toEqual({ onTrial: false, rolledBack: false });
  });

  it('after a failed first install, removes every added file and directory and remembers the rejection', async () => {
    const r = emptyRoot();
    writeTree(r.dir, { 'user.txt': 'mine', '.ota_stage/app.py': 'app', '.ota_stage/lib/deep/x.py': 'x' });
    const ports = testPorts(r.flash);
    const target = new Map([
      ['app.py', { sha: gitBlob('app'), size: 3 }],
      ['lib/deep/x.py', { sha: gitBlob('x'), size: 1 }],
    ]);
    const plan = await planUpdate(r.flash, { target, installed: null, managed: (p) => p !== 'user.txt' });
    await commitUpdate(ports, plan, { target: NEW, installed: null, stageDir: '.ota_stage', backupDir: '.ota_backup', trialBoots: 1, errorLimit: 5 });
    expect(await beginBootOnTrial(ports)).toMatchObject({ onTrial: true, boots: 1 });
    expect(await beginBootOnTrial(ports)).toMatchObject({ rolledBack: true });
    expect(readTree(r.dir)).toEqual({
      'user.txt': 'mine',
      'version.json': `{"ref": "", "commit": "", "rejected": ["${NEW.commit}"]}`,
      'ota_error.json': expect.stringContaining('TRIAL_FAILED'),
    });
  });
});

describe('confirm', () => {
  it('refuses while the journal is still applying (a confirm must never skip the roll-forward)', async () => {
    const r = board();
    await planAndCommit(testPorts(r.flash));
    const j = await readJournal(r.flash);
    if (j.kind !== 'ok') throw new Error('no journal');
    await writeJournal(r.flash, { ...j.journal, phase: 'apply' });
    await expect(confirm(testPorts(r.flash))).rejects.toSatisfy((e) => isOtaError(e, 'INTERNAL'));
  });

  it('after a healthy boot leaves the new version, clean, and the next boot is not on trial', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports);
    await recover(ports);
    await beginBootOnTrial(ports);
    expect(await confirm(ports)).toBe(true);
    expect(classify(r.dir)).toBe('new');
    expect(isClean(r.dir)).toBe(true);
    expect(await recover(ports)).toMatchObject({ action: 'none', removed: [] });
    expect(ports.events.map((e) => e.event)).toContain('commit.confirmed');
  });
});

describe('confirm on a full flash', () => {
  it('still confirms when the flash refuses the cleanup phase: the journal goes first (a removal), then backups and stage', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 2 });
    await beginBootOnTrial(ports);
    const full = { ...r.flash, openWrite: async (p: string) => (p === 'ota_journal.json.tmp' ? Promise.reject(new FlashError('ENOSPC', 'open', p)) : r.flash.openWrite(p)) };
    expect(await confirm(testPorts(full))).toBe(true);
    expect(await readJournal(r.flash)).toMatchObject({ kind: 'none' });
    expect(isClean(r.dir)).toBe(true);
    expect(classify(r.dir)).toBe('new');
  });

  it('rolls back a trial boot the flash cannot count (an uncounted hung app would run forever), without rejecting it', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 2 });
    const full = { ...r.flash, openWrite: async (p: string) => Promise.reject(new FlashError('ENOSPC', 'open', p)) };
    expect(await beginBootOnTrial(testPorts(full))).toMatchObject({ onTrial: false, rolledBack: true, boots: 1 });
    expect(await readJournal(r.flash)).toMatchObject({ kind: 'none' });
    expect(classify(r.dir)).toBe('old');
    expect(isClean(r.dir)).toBe(true);
    // The kept version.json came back by a rename: the new version is not rejected (FLASH, not TRIAL_FAILED).
    expect((await readVersion(r.flash)).version).toMatchObject({ ref: OLD.ref, commit: OLD.commit });
    expect((await readVersion(r.flash)).version?.rejected ?? []).not.toContain(NEW.commit);
  });

  it('records FLASH for a rollback of an uncountable trial boot when the error log still takes it', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 2 });
    const full = { ...r.flash, openWrite: async (p: string) => (p === 'ota_journal.json.tmp' ? Promise.reject(new FlashError('ENOSPC', 'open', p)) : r.flash.openWrite(p)) };
    expect(await beginBootOnTrial(testPorts(full))).toMatchObject({ rolledBack: true });
    expect(classify(r.dir)).toBe('old');
    expect((await readVersion(r.flash)).version?.rejected ?? []).not.toContain(NEW.commit);
    expect((await readErrors(r.flash)).at(-1)).toMatchObject({ phase: 'trial', code: 'FLASH', target: NEW.commit });
  });

  it('returns false instead of throwing, keeps the journal and records FLASH when it can', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 2 });
    await beginBootOnTrial(ports);
    const full = {
      ...r.flash,
      openWrite: async (p: string) => (p === 'ota_journal.json.tmp' ? Promise.reject(new FlashError('ENOSPC', 'open', p)) : r.flash.openWrite(p)),
      remove: async (p: string) => Promise.reject(new FlashError('EIO', 'remove', p)),
    };
    expect(await confirm(testPorts(full))).toBe(false);
    expect(await readJournal(r.flash)).toMatchObject({ kind: 'ok', journal: { phase: 'trial' } });
    expect((await readErrors(r.flash)).map((e) => [e.phase, e.code])).toEqual([['trial', 'FLASH']]);
    expect(classify(r.dir)).toBe('new');
  });
});
