// The device's journaled commit against core's: the same flash calls in the same order, the same
// bytes on flash, and — with power cut before every mutating call — exactly the old or the new
// version after recovery (core/commit/power-cut.test.ts, on MicroPython).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planAndCommit, setupBoard } from '../../core/commit/board-fixture.ts';
import { recordingFlash, tempRoot, testPorts } from '../../core/commit/test-kit.ts';
import { classify, isClean, loadBoard, NEW, type Board } from './board.ts';

let b: Board;
beforeAll(async () => {
  b = await loadBoard();
});

/** Runs `code` with a cut before mutation `n` (null: never); true when the cut fired. */
function cutRun(n: number | null, code: string): boolean {
  b.py(`arm(${n === null ? 'None' : n})\n_fired = run(lambda: ${code})\ndisarm()`);
  return b.value<boolean>('_fired');
}

function mutations(code: string): number {
  expect(cutRun(null, code)).toBe(false);
  return b.value<number>('cut.count');
}

/** Recovery, then a healthy boot: trial bookkeeping and confirm. Returns the state after recovery. */
function bootHealthy(label: string): string {
  b.py('_rep = R.recover()');
  const afterRecovery = b.snapshot();
  const state = classify(afterRecovery);
  expect(state === 'old' || state === 'new', `${label}: ${state}`).toBe(true);
  if (b.value<boolean>("_rep['on_trial']")) {
    expect(state, label).toBe('new');
    b.py("import otalab; otalab.on_trial = R.begin_boot_on_trial('hard')['on_trial']");
    expect(b.value<boolean>('otalab.on_trial'), label).toBe(true);
    expect(b.value<boolean>('otalab.confirm()'), label).toBe(true);
    // confirm() drops recovery from sys.modules (the app gets its heap back); the kit's R carries
    // the cut instrumentation, so it goes back for the next run's imports.
    b.py("import sys\nsys.modules['otalab_recover'] = R");
  } else expect(isClean(afterRecovery), `${label}: strays after recovery`).toBe(true);
  const end = b.snapshot();
  expect(isClean(end), label).toBe(true);
  expect(classify(end), label).toBe(state);
  return state;
}

describe('device commit = core commit', () => {
  it('makes the same flash calls in the same order and leaves the same bytes', async () => {
    const root = tempRoot();
    try {
      setupBoard(root.dir);
      const calls: string[] = [];
      await planAndCommit(testPorts(recordingFlash(root.flash, calls)));
      b.reset();
      mutations('plan_and_commit()');
      const device = b.value<string[]>('cut.log').filter((c) => !c.startsWith('write '));
      expect(device).toEqual(calls.filter((c) => c !== 'sync'));
      const snap = b.snapshot();
      expect(snap['version.json']).toBe(readFileSync(join(root.dir, 'version.json'), 'utf8'));
      const created = /"created": \d+/;
      expect(snap['ota_journal.json']!.replace(created, '')).toBe(readFileSync(join(root.dir, 'ota_journal.json'), 'utf8').replace(created, ''));
    } finally {
      root.cleanup();
    }
  });
});

describe('a power cut during the device commit', () => {
  it('leaves exactly the old or the new version after recovery, for every cut point', () => {
    b.reset();
    const total = mutations('plan_and_commit()');
    expect(total).toBeGreaterThan(20);
    const outcomes: string[] = [];
    for (let n = 0; n <= total; n++) {
      b.reset();
      expect(cutRun(n, 'plan_and_commit()')).toBe(n < total);
      outcomes.push(bootHealthy(`cut at ${n}/${total}`));
    }
    const firstNew = outcomes.indexOf('new');
    expect(firstNew).toBeGreaterThan(0);
    expect(outcomes.slice(0, firstNew).every((o) => o === 'old')).toBe(true);
    expect(outcomes.slice(firstNew).every((o) => o === 'new')).toBe(true);
  });

  it('recovers when recovery itself is cut (every recovery cut, every third commit cut)', () => {
    b.reset();
    const total = mutations('plan_and_commit()');
    let pairs = 0;
    for (let n = 0; n < total; n += 3) {
      b.reset();
      cutRun(n, 'plan_and_commit()');
      const template = b.snapshot();
      for (let m = 0; ; m++) {
        b.restore(template);
        const fired = cutRun(m, 'R.recover()');
        bootHealthy(`commit cut at ${n}, recovery cut at ${m}`);
        if (!fired) break;
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(total / 3);
  });
});

describe('a power cut during a trial rollback on the device', () => {
  it('ends on the old version with the commit rejected once, for every cut point', () => {
    const failedTrial = () => {
      b.reset();
      b.py("plan_and_commit(1)\nR.recover()\n_t = R.begin_boot_on_trial('hard')");
      expect(b.value<number>("_t['boots']")).toBe(1);
    };
    failedTrial();
    const total = mutations("R.begin_boot_on_trial('watchdog')");
    expect(total).toBeGreaterThan(5);
    for (let n = 0; n <= total; n++) {
      failedTrial();
      cutRun(n, "R.begin_boot_on_trial('watchdog')");
      const label = `rollback cut at ${n}/${total}`;
      b.py("_rep = R.recover()\nif _rep['on_trial']: R.begin_boot_on_trial('watchdog')");
      const snap = b.snapshot();
      expect(classify(snap), label).toBe('old');
      expect(isClean(snap), label).toBe(true);
      expect(JSON.parse(snap['version.json']!).rejected, label).toEqual([NEW.commit]);
      const errors = JSON.parse(snap['ota_error.json']!).errors as { code: string }[];
      expect(errors.filter((e) => e.code === 'TRIAL_FAILED'), label).toHaveLength(1);
    }
  });
});

describe('a trial boot a full flash cannot count, on the device', () => {
  // SPEC §5.2: rolled back (not run uncounted, which a hung app would repeat forever), with the
  // journal left in trial; a cut anywhere in that rollback is finished by the next recovery.
  it('rolls back to the old version, clean and not rejected, for every cut point; recovery never reports a mix on trial', () => {
    const fullTrial = () => {
      b.py('cut.full = False');
      b.reset();
      b.py('plan_and_commit(2)\nR.recover()\ncut.full = True');
    };
    try {
      fullTrial();
      const total = mutations("R.begin_boot_on_trial('watchdog')");
      expect(total).toBeGreaterThan(3);
      for (let n = 0; n <= total; n++) {
        fullTrial();
        cutRun(n, "R.begin_boot_on_trial('watchdog')");
        const label = `uncounted trial rollback cut at ${n}/${total}`;
        b.py('_rep = R.recover()');
        if (b.value<boolean>("_rep['on_trial']")) {
          expect(classify(b.snapshot()), label).toBe('new');
          b.py("R.begin_boot_on_trial('watchdog')");
        }
        const snap = b.snapshot();
        expect(classify(snap), label).toBe('old');
        expect(isClean(snap), label).toBe(true);
        expect(JSON.parse(snap['version.json']!).rejected ?? [], label).not.toContain(NEW.commit);
      }
    } finally {
      b.py('cut.full = False');
    }
  });
});

describe('a power cut during confirmation on the device', () => {
  it('never rolls back a confirmed version and ends clean, for every cut point', () => {
    const onTrial = () => {
      b.reset();
      b.py("plan_and_commit(3)\nR.recover()\nR.begin_boot_on_trial('hard')");
    };
    onTrial();
    const total = mutations('R.confirm()');
    for (let n = 0; n <= total; n++) {
      onTrial();
      cutRun(n, 'R.confirm()');
      expect(bootHealthy(`confirm cut at ${n}/${total}`)).toBe('new');
    }
  });
});
