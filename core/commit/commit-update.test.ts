import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isOtaError } from '../errors.ts';
import { readJournal } from '../journal/index.ts';
import { FlashError, type Flash } from '../ports/flash.ts';
import { planUpdate } from '../plan.ts';
import { recover } from '../recovery.ts';
import { readErrors, readVersion } from '../state/index.ts';
import { beginBootOnTrial, confirm } from '../trial.ts';
import { BACKUP, EXTRA_LIVE, NEW, NEW_MANAGED, OLD, OLD_MANAGED, STAGE, classify, gitBlob, managed, oldVersionJson, planAndCommit, setupBoard, target } from './board-fixture.ts';
import { commitUpdate } from './commit-update.ts';
import { readTree, recordingFlash, testPorts, useTempRoots } from './test-kit.ts';

const board = useTempRoots(setupBoard);

describe('commitUpdate ordering', () => {
  it('journals before touching any live path and writes version.json only after every file op', async () => {
    const r = board();
    const ops: string[] = [];
    await planAndCommit(testPorts(recordingFlash(r.flash, ops)));
    // A line touches a live path when any path it names is outside the updater's own state.
    const isState = (p: string) => /^(\.ota_stage|\.ota_backup)(\/|$)|^ota_journal\.json|^version\.json/.test(p);
    const liveTouch = (line: string) => line !== 'sync' && line.replace(/^\w+ /, '').split(' -> ').some((p) => !isState(p));
    const journalLanded = ops.indexOf('rename ota_journal.json.tmp -> ota_journal.json');
    const firstLive = ops.findIndex(liveTouch);
    const versionLanded = ops.indexOf('rename version.json.tmp -> version.json');
    const lastFileOp = ops.map((l) => l.startsWith('rename ') && !l.includes('.tmp ->')).lastIndexOf(true);
    expect(journalLanded).toBeGreaterThanOrEqual(0);
    expect(firstLive).toBeGreaterThan(journalLanded);
    expect(versionLanded).toBeGreaterThan(lastFileOp);
    expect(ops.lastIndexOf('sync')).toBeLessThan(versionLanded);
    // …and the trial phase lands after version.json.
    expect(ops.lastIndexOf('rename ota_journal.json.tmp -> ota_journal.json')).toBeGreaterThan(versionLanded);
  });

  it('leaves the board on the new version, on trial, with the new managed map', async () => {
    const r = board();
    const result = await planAndCommit(testPorts(r.flash), { trialBoots: 2 });
    expect(result).toMatchObject({ kind: 'committed', added: 2, replaced: 3, deleted: 1 });
    expect(classify(r.dir)).toBe('new');
    const j = await readJournal(r.flash);
    expect(j).toMatchObject({ kind: 'ok', journal: { phase: 'trial', boots: 0, max_boots: 2, mkdirs: ['pkg', 'pkg/sub'] } });
    expect((await readVersion(r.flash)).version?.files).toEqual(Object.fromEntries(Object.entries(NEW_MANAGED).map(([p, t]) => [p, gitBlob(t)])));
  });
});

describe('backups', () => {
  it('are kept through trial boots and deleted only by confirmation', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    await planAndCommit(ports, { trialBoots: 3 });
    const backups = () => Object.fromEntries(Object.entries(readTree(r.dir)).filter(([p, t]) => p.startsWith(`${BACKUP}/`) && t !== null));
    const expected = {
      [`${BACKUP}/app.py`]: OLD_MANAGED['app.py'],
      [`${BACKUP}/lib/util.py`]: OLD_MANAGED['lib/util.py'],
      [`${BACKUP}/obsolete.py`]: OLD_MANAGED['obsolete.py'],
      [`${BACKUP}/extra.cfg`]: EXTRA_LIVE['extra.cfg'],
      // The previous version.json, moved aside as the new one lands (a full-flash rollback renames it back).
      [`${BACKUP}/version.json`]: oldVersionJson(),
    };
    expect(backups()).toEqual(expected);
    expect(await recover(ports)).toMatchObject({ action: 'on-trial', boots: 0 });
    await beginBootOnTrial(ports);
    await beginBootOnTrial(ports);
    expect(backups()).toEqual(expected);
    expect(await confirm(ports)).toBe(true);
    expect(backups()).toEqual({});
    expect(readTree(r.dir)[BACKUP]).toBeUndefined();
    expect(await confirm(ports)).toBe(false);
  });
});

describe('watchdog and log', () => {
  it('feeds the watchdog at every file operation and logs structured events', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    const result = await planAndCommit(ports);
    expect(result.kind).toBe('committed');
    // 6 file renames into place or backup + 1 delete backup, and each mkdir: at least one feed each.
    expect(ports.feeds()).toBeGreaterThanOrEqual(9);
    expect(ports.events.map((e) => e.event)).toEqual(expect.arrayContaining(['commit.journaled', 'commit.apply', 'commit.move', 'commit.applied']));
    expect(ports.events.find((e) => e.event === 'commit.journaled')?.fields).toMatchObject({ target: NEW.commit, ops: 6 });
  });
});

describe('failures', () => {
  it('rolls back in process when a file rename fails after the commit point, and records it', async () => {
    const r = board();
    let renames = 0;
    const flaky: Flash = {
      ...r.flash,
      rename: async (a, b) => {
        if (a.startsWith(`${STAGE}/`) && ++renames === 3) throw new FlashError('EIO', 'rename', a);
        return r.flash.rename(a, b);
      },
    };
    const err = await planAndCommit(testPorts(flaky)).catch((e: unknown) => e);
    expect(isOtaError(err, 'FLASH') && err.details.recorded === true).toBe(true);
    expect(classify(r.dir)).toBe('old');
    expect(readTree(r.dir)[STAGE]).toBeUndefined();
    expect(readTree(r.dir)['ota_journal.json']).toBeUndefined();
    expect((await readErrors(r.flash)).map((e) => [e.phase, e.code])).toEqual([['commit', 'FLASH']]);
    expect((await readVersion(r.flash)).version?.rejected).toBeUndefined();
  });

  for (const failAt of ['write', 'close', 'rename'] as const) {
    it(`turns a journal the flash refuses (ENOSPC at ${failAt}) into NO_SPACE, with nothing changed and no temporary left`, async () => {
      const r = board();
      const isJournalTmp = (p: string) => p === 'ota_journal.json.tmp';
      const full: Flash = {
        ...r.flash,
        openWrite: async (p) => {
          const w = await r.flash.openWrite(p);
          if (!isJournalTmp(p)) return w;
          return {
            write: async (b) => (failAt === 'write' ? Promise.reject(new FlashError('ENOSPC', 'write', p)) : w.write(b)),
            close: async () => (failAt === 'close' ? (await w.close(), Promise.reject(new FlashError('ENOSPC', 'close', p))) : w.close()),
          };
        },
        rename: async (a, b) => (failAt === 'rename' && isJournalTmp(a) ? Promise.reject(new FlashError('ENOSPC', 'rename', a)) : r.flash.rename(a, b)),
      };
      const err = await planAndCommit(testPorts(full)).catch((e: unknown) => e);
      expect(isOtaError(err, 'NO_SPACE')).toBe(true);
      expect(classify(r.dir)).toBe('old');
      expect(readTree(r.dir)['ota_journal.json']).toBeUndefined();
      expect(readTree(r.dir)['ota_journal.json.tmp']).toBeUndefined();
    });
  }

  it('refuses to start while a transaction is in progress', async () => {
    const r = board();
    await planAndCommit(testPorts(r.flash));
    const err = await planAndCommit(testPorts(r.flash)).catch((e: unknown) => e);
    expect(isOtaError(err, 'INTERNAL')).toBe(true);
  });

  it('refuses a stale plan or a missing staged file before the commit point (nothing touched)', async () => {
    const r = board();
    const ports = testPorts(r.flash);
    const installed = { ...OLD, files: {} };
    const plan = await planUpdate(r.flash, { target: target(), installed, managed });
    await r.flash.remove(`${STAGE}/pkg/sub/new.py`);
    const before = readTree(r.dir);
    const err = await commitUpdate(ports, plan, { target: NEW, installed, stageDir: STAGE, backupDir: BACKUP, trialBoots: 1, errorLimit: 10 }).catch((e: unknown) => e);
    expect(isOtaError(err, 'INTERNAL')).toBe(true);
    expect((err as Error).message).toMatch(/pkg\/sub\/new\.py is not staged/);
    expect(readTree(r.dir)).toEqual(before);
  });

  it('rejects stage and backup dirs that overlap or escape', async () => {
    const r = board();
    const installed = { ...OLD, files: {} };
    const plan = await planUpdate(r.flash, { target: target(), installed, managed });
    for (const [stageDir, backupDir] of [['s', 's/b'], ['../s', 'b'], ['', 'b']] as const) {
      const err = await commitUpdate(testPorts(r.flash), plan, { target: NEW, installed, stageDir, backupDir, trialBoots: 1, errorLimit: 10 }).catch((e: unknown) => e);
      expect(isOtaError(err, 'CONFIG_INVALID'), `${stageDir} / ${backupDir}`).toBe(true);
    }
  });

  it('verifies a SHA-256 (manifest mode) staged file and records its blob SHA-1', async () => {
    const r = board();
    const installed = { ...OLD, files: {} };
    const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
    const tgt = new Map([['app.py', { sha: sha256(NEW_MANAGED['app.py']), size: Buffer.byteLength(NEW_MANAGED['app.py']) }]]);
    const plan = await planUpdate(r.flash, { target: tgt, installed, managed });
    await commitUpdate(testPorts(r.flash), plan, { target: NEW, installed, stageDir: STAGE, backupDir: BACKUP, trialBoots: 1, errorLimit: 10 });
    expect((await readVersion(r.flash)).version?.files).toEqual({ 'app.py': gitBlob(NEW_MANAGED['app.py']) });
  });
});
