/**
 * A rollback on a flash that refuses every new block (open-write, write, mkdir) but still renames,
 * removes and rmdirs, as littlefs does: scenarios/library/flash-full-during-commit.yaml in small.
 */
import { describe, expect, it } from 'vitest';
import { isOtaError } from '../errors.ts';
import { readJournal } from '../journal/index.ts';
import { FlashError, type Flash } from '../ports/flash.ts';
import { recover } from '../recovery.ts';
import { beginBootOnTrial } from '../trial.ts';
import { classify, isClean, planAndCommit, setupBoard, STAGE } from './board-fixture.ts';
import { PowerCut, cuttingFlash, readTree, testPorts, useTempRoots } from './test-kit.ts';

const board = useTempRoots(setupBoard);

/** Full once `fillWhen` says so (checked at every rename that lands); no new block after that. */
function fillingFlash(inner: Flash, fillWhen: (renamedFrom: string) => boolean): { flash: Flash; fill(): void; isFull(): boolean } {
  let full = false;
  const refuse = (op: string, p: string) => Promise.reject(new FlashError('ENOSPC', op, p));
  const flash: Flash = {
    ...inner,
    openWrite: async (p) => (full ? refuse('open', p) : inner.openWrite(p)),
    mkdir: async (p) => (full ? refuse('mkdir', p) : inner.mkdir(p)),
    rename: async (a, b) => {
      await inner.rename(a, b);
      if (fillWhen(a)) full = true;
    },
  };
  return { flash, fill: () => (full = true), isFull: () => full };
}

describe('rollback on a full flash', () => {
  for (const [when, fillWhen] of [
    ['right after the commit point', (from: string) => from === 'ota_journal.json.tmp'],
    ['after the first staged file landed', (from: string) => from.startsWith(`${STAGE}/`)],
    // version.json names the target, the trial phase is refused: the kept previous file is renamed back.
    ['once version.json names the target', (from: string) => from === 'version.json.tmp'],
  ] as const) {
    it(`finishes when the flash refuses every new block ${when}: old files, no dirs, stage or journal left`, async () => {
      const r = board();
      const f = fillingFlash(r.flash, fillWhen);
      const err = await planAndCommit(testPorts(f.flash)).catch((e: unknown) => e);
      expect(f.isFull()).toBe(true);
      expect(isOtaError(err) && ['FLASH', 'NO_SPACE'].includes(err.code)).toBe(true);
      expect(classify(r.dir)).toBe('old'); // the update's directories (pkg/, pkg/sub/) are gone too
      expect(isClean(r.dir)).toBe(true);
      expect(readTree(r.dir)[STAGE]).toBeUndefined();
      // Nothing left for the next boot to finish.
      expect(await recover(testPorts(f.flash))).toMatchObject({ action: 'none' });
    });
  }

  it('rolls a failed trial back with the journal left in trial when the flash refuses the rollback phase', async () => {
    const r = board();
    const f = fillingFlash(r.flash, () => false);
    const ports = testPorts(f.flash);
    await planAndCommit(ports, { trialBoots: 1 });
    expect(await recover(ports)).toMatchObject({ action: 'on-trial' });
    await beginBootOnTrial(ports);
    f.fill();
    // The trial failed and nothing can be written: the kept version.json is renamed back, the rest
    // are renames and removals (before this, the error propagated and the new version stayed).
    expect(await beginBootOnTrial(ports, 'soft')).toMatchObject({ onTrial: false, rolledBack: true });
    expect(classify(r.dir)).toBe('old');
    expect(isClean(r.dir)).toBe(true);
    expect(await readJournal(r.flash)).toMatchObject({ kind: 'none' });
  });

  it('finishes that rollback at the next boot wherever a cut stops it, and never reports a mix as on trial', async () => {
    let mutations = Infinity;
    for (let n = 0; n <= mutations; n++) {
      const r = board();
      const f = fillingFlash(r.flash, () => false);
      await planAndCommit(testPorts(f.flash), { trialBoots: 1 });
      f.fill();
      const cut = cuttingFlash(f.flash, n);
      // The first trial boot cannot be counted: rolled back (SPEC §5.2), cut after n mutations.
      const first = await beginBootOnTrial(testPorts(cut.flash)).catch((e: unknown) => e);
      if (!cut.wasCut()) {
        expect(first).toMatchObject({ rolledBack: true });
        mutations = n;
      } else expect(first).toBeInstanceOf(PowerCut);
      const ports = testPorts(f.flash);
      const report = await recover(ports);
      if (report.action === 'on-trial') {
        expect(classify(r.dir), `cut after ${n}`).toBe('new');
        expect(await beginBootOnTrial(ports)).toMatchObject({ rolledBack: true });
      }
      expect(classify(r.dir), `cut after ${n}`).toBe('old');
      expect(isClean(r.dir), `cut after ${n}`).toBe(true);
      expect(await readJournal(r.flash)).toMatchObject({ kind: 'none' });
    }
    expect(mutations).toBeGreaterThan(3);
  });
});
