// The cases of power-cut.test.ts (fast: one first cut in three of the pairwise sweeps) and
// power-cut.slow.test.ts (every pair). Power cut at every mutating flash call of commit, trial
// rollback and confirm, then recovery on the same directory: the board must be exactly the old
// version or exactly the new one, with version.json naming it, and finally clean. Cuts inside
// recovery itself are swept as well.
import { cpSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { recover, type RecoveryReport } from '../recovery.ts';
import { beginBootOnTrial, confirm } from '../trial.ts';
import { readErrors, readVersion } from '../state/index.ts';
import { NEW, classify, isClean, planAndCommit, setupBoard } from './board-fixture.ts';
import { PowerCut, cuttingFlash, tempRoot, testPorts } from './test-kit.ts';

/** `stride`: the pairwise sweeps take every stride-th cut of the first step (1: every pair). */
export function powerCutCases(stride: number): void {
  const every = stride === 1 ? '' : ` (one first cut in ${stride}; all in test:slow)`;
  const roots: (() => void)[] = [];
  afterEach(() => roots.splice(0).forEach((c) => c()));

  function freshBoard() {
    const root = tempRoot();
    roots.push(root.cleanup);
    setupBoard(root.dir);
    return root;
  }

  function cloneBoard(from: string) {
    const root = tempRoot();
    roots.push(root.cleanup);
    cpSync(from, root.dir, { recursive: true });
    return root;
  }

  /** Runs `step` on a flash that loses power after `cutAfter` mutations; true when the cut fired. */
  async function withCut(root: { flash: import('../ports/flash.ts').Flash }, cutAfter: number, step: (p: ReturnType<typeof testPorts>) => Promise<unknown>): Promise<{ cut: boolean; mutations: number }> {
    const cf = cuttingFlash(root.flash, cutAfter);
    try {
      await step(testPorts(cf.flash));
    } catch (err) {
      if (!(err instanceof PowerCut)) throw err;
    }
    return { cut: cf.wasCut(), mutations: cf.mutations() };
  }

  /** The state right after recovery must match what recovery reports. */
  function expectConsistent(dir: string, report: RecoveryReport, label: string): 'old' | 'new' {
    const state = classify(dir);
    expect(state === 'old' || state === 'new', `${label}: ${state}`).toBe(true);
    if (report.onTrial) expect(state, label).toBe('new');
    else expect(isClean(dir), `${label}: strays left`).toBe(true);
    return state as 'old' | 'new';
  }

  /** A healthy app boots and confirms: the end is always the new version, clean. */
  async function bootHealthy(root: ReturnType<typeof freshBoard>, label: string): Promise<void> {
    const ports = testPorts(root.flash);
    const report = await recover(ports);
    expectConsistent(root.dir, report, label);
    if (report.onTrial) {
      expect((await beginBootOnTrial(ports)).onTrial).toBe(true);
      expect(await confirm(ports)).toBe(true);
    }
    expect(isClean(root.dir), label).toBe(true);
  }

  async function totalMutations(step: (p: ReturnType<typeof testPorts>) => Promise<unknown>, prepare: (root: ReturnType<typeof freshBoard>) => Promise<void> = async () => {}): Promise<number> {
    const root = freshBoard();
    await prepare(root);
    const { cut, mutations } = await withCut(root, Infinity, step);
    expect(cut).toBe(false);
    return mutations;
  }

  describe('a power cut during commit', () => {
    it('leaves exactly the old or the new version after recovery, for every cut point', async () => {
      const total = await totalMutations((p) => planAndCommit(p));
      expect(total).toBeGreaterThan(20);
      const outcomes: string[] = [];
      for (let n = 0; n <= total; n++) {
        const root = freshBoard();
        const { cut } = await withCut(root, n, (p) => planAndCommit(p));
        expect(cut).toBe(n < total);
        const report = await recover(testPorts(root.flash));
        outcomes.push(expectConsistent(root.dir, report, `cut at ${n}/${total}`));
        await bootHealthy(root, `cut at ${n}/${total}, next boot`);
        expect(classify(root.dir)).toBe(outcomes[n]);
      }
      // The commit point is the journal's rename: before it the old version, from it on the new one.
      const firstNew = outcomes.indexOf('new');
      expect(firstNew).toBeGreaterThan(0);
      expect(outcomes.slice(0, firstNew).every((o) => o === 'old')).toBe(true);
      expect(outcomes.slice(firstNew).every((o) => o === 'new')).toBe(true);
    });

    it(`recovers even when recovery itself is cut, at every pair of cut points${every}`, async () => {
      const total = await totalMutations((p) => planAndCommit(p));
      let pairs = 0;
      for (let n = 0; n < total; n += stride) {
        const template = freshBoard();
        await withCut(template, n, (p) => planAndCommit(p));
        for (let m = 0; ; m++) {
          const root = cloneBoard(template.dir);
          const second = await withCut(root, m, (p) => recover(p));
          if (!second.cut) break;
          pairs++;
          const report = await recover(testPorts(root.flash));
          expectConsistent(root.dir, report, `commit cut at ${n}, recovery cut at ${m}`);
        }
      }
      expect(pairs).toBeGreaterThan(total / stride);
    });
  });

  describe('a power cut during a trial rollback', () => {
    /** Committed with one allowed trial boot, and that boot crashed (never confirmed). */
    async function failedTrial(root: ReturnType<typeof freshBoard>): Promise<void> {
      const ports = testPorts(root.flash);
      await planAndCommit(ports, { trialBoots: 1 });
      expect((await recover(ports)).onTrial).toBe(true);
      expect(await beginBootOnTrial(ports)).toMatchObject({ onTrial: true, boots: 1 });
    }

    it(`ends on the old version with the commit rejected, for every cut point${every}`, async () => {
      const total = await totalMutations((p) => beginBootOnTrial(p), failedTrial);
      for (let n = 0; n <= total; n += stride) {
        // The board as the cut at n left it, cloned for each cut point m inside the next recovery.
        const template = freshBoard();
        await failedTrial(template);
        await withCut(template, n, (p) => beginBootOnTrial(p));
        for (let m = 0; ; m++) {
          const root = cloneBoard(template.dir);
          const label = `rollback cut at ${n}, recovery cut at ${m}`;
          const second = await withCut(root, m, async (p) => {
            const r = await recover(p);
            if (r.onTrial) await beginBootOnTrial(p);
          });
          const ports = testPorts(root.flash);
          const report = await recover(ports);
          expectConsistent(root.dir, report, label);
          if (report.onTrial) expect(await beginBootOnTrial(ports)).toMatchObject({ rolledBack: true });
          expect(classify(root.dir), label).toBe('old');
          expect(isClean(root.dir), label).toBe(true);
          expect((await readVersion(root.flash)).version?.rejected, label).toEqual([NEW.commit]);
          const trialErrors = (await readErrors(root.flash)).filter((e) => e.code === 'TRIAL_FAILED');
          expect(trialErrors, label).toHaveLength(1);
          if (!second.cut) break;
        }
      }
    });
  });

  describe('a power cut during confirmation', () => {
    async function confirmedBoot(root: ReturnType<typeof freshBoard>): Promise<void> {
      const ports = testPorts(root.flash);
      await planAndCommit(ports, { trialBoots: 3 });
      await recover(ports);
      await beginBootOnTrial(ports);
    }

    it('never rolls back a confirmed version and ends clean, for every cut point', async () => {
      const total = await totalMutations((p) => confirm(p), confirmedBoot);
      for (let n = 0; n <= total; n++) {
        const root = freshBoard();
        await confirmedBoot(root);
        await withCut(root, n, (p) => confirm(p));
        await bootHealthy(root, `confirm cut at ${n}`);
        expect(classify(root.dir), `confirm cut at ${n}`).toBe('new');
      }
    });
  });
}
