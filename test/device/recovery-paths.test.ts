// An update that replaces the files recovery runs from (boot.py, otalab_recover.py) must leave
// each of them in place at every instant: a board cut while boot.py was moved aside would never
// run recovery again (SPEC "Files recovery runs from"; core/commit/recovery-paths.test.ts). On the
// device: the journal marks them `"backup": "copy"`, the flash calls are core's one for one, and a
// power cut before any mutation leaves them present, whole, and recovery ends on one version.
import { beforeAll, describe, expect, it } from 'vitest';
import { planUpdate } from '../../core/plan.ts';
import { commitUpdate } from '../../core/commit/commit-update.ts';
import { gitBlob } from '../../core/commit/board-fixture.ts';
import { recordingFlash, tempRoot, testPorts, writeTree } from '../../core/commit/test-kit.ts';
import { CUT_KIT, RESET_KIT } from './cut-kit.ts';
import { loadDevice, type Device } from './harness.ts';

// boot.py spans three 1024-byte pieces, so the copy's one-write-per-piece rule is observable.
const bootText = (v: string) => `import otalab_recover  # ${v}\n` + `# ${v} padding ${'x'.repeat(60)}\n`.repeat(30);
const OLD = { 'boot.py': bootText('v1'), 'otalab_recover.py': '# top-level recovery v1\n', 'lib/otalab_recover.py': '# recovery v1\n', 'main.py': 'v1\n' };
const NEW = { 'boot.py': bootText('v2'), 'otalab_recover.py': '# top-level recovery v2\n', 'lib/otalab_recover.py': '# recovery v2\n', 'main.py': 'v2\n' };
const RECOVERY = ['boot.py', 'otalab_recover.py', 'lib/otalab_recover.py'];
const FROM = { ref: 'v1', commit: 'a'.repeat(40) };
const TO = { ref: 'v2', commit: 'b'.repeat(40) };
const shas = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).map(([p, t]) => [p, gitBlob(t)]));
const INSTALLED = { ...FROM, files: shas(OLD) };
const TARGET = Object.fromEntries(Object.entries(NEW).map(([p, t]) => [p, [gitBlob(t), Buffer.byteLength(t)]]));

/** The old board with the new files staged (as a finished download leaves it). */
function boardFiles(): Record<string, string> {
  const staged = Object.fromEntries(Object.entries(NEW).map(([p, t]) => [`.ota_stage/${p}`, t]));
  return { ...OLD, ...staged, 'version.json': `{"ref": "v1", "commit": "${FROM.commit}"}` };
}

const KIT = `
import json
import otalab_recover as R
from otalab import plan as P, commit as C
TARGET = json.loads(${JSON.stringify(JSON.stringify(TARGET))})
INSTALLED = json.loads(${JSON.stringify(JSON.stringify(INSTALLED))})
TO = json.loads(${JSON.stringify(JSON.stringify(TO))})
def commit_rp():
    plan = P.plan_update(TARGET, INSTALLED, lambda p: True)
    cfg = {'stage_dir': '.ota_stage', 'backup_dir': '.ota_backup', 'chunk': 1024, 'trial_boots': 3, 'error_history_limit': 10}
    return C.commit_update(plan, TO, INSTALLED, cfg)
`;

let dev: Device;
beforeAll(async () => {
  dev = await loadDevice();
  dev.run(CUT_KIT + RESET_KIT + KIT);
});

// The updater's modules are imported already: overwriting their files on the flash is safe here.
const reset = () => dev.run(`reset_board(json.loads(${JSON.stringify(JSON.stringify(boardFiles()))}))`);
const value = <T>(expr: string): T => JSON.parse(dev.eval(`_out = json.dumps(${expr})`)) as T;

/** Runs the commit with a cut before mutation `n` (null: never); true when the cut fired. */
function cutCommit(n: number | null): boolean {
  dev.run(`arm(${n === null ? 'None' : n})\n_fired = run(commit_rp)\ndisarm()`);
  return value<boolean>('_fired');
}

const version = () => Object.keys(NEW).map((p) => dev.read(p));

describe('a device update replacing the files recovery runs from', () => {
  it('journals them as copy-backed replaces and makes core\'s flash calls, one write per 1024-byte piece', async () => {
    const root = tempRoot();
    try {
      writeTree(root.dir, boardFiles());
      const calls: string[] = [];
      const ports = testPorts(recordingFlash(root.flash, calls));
      const target = new Map(Object.entries(NEW).map(([p, t]) => [p, { sha: gitBlob(t), size: Buffer.byteLength(t) }]));
      const plan = await planUpdate(ports.flash, { target, installed: INSTALLED, managed: () => true });
      await commitUpdate(ports, plan, { target: TO, installed: INSTALLED, stageDir: '.ota_stage', backupDir: '.ota_backup', trialBoots: 3, errorLimit: 10 });

      reset();
      expect(cutCommit(null)).toBe(false);
      const log = value<string[]>('cut.log');
      expect(log.filter((c) => !c.startsWith('write '))).toEqual(calls.filter((c) => c !== 'sync'));
      // The copy, as SPEC words it: parents of backup/p, open-write p.part, pieces, close, rename, then stage/p onto p.
      const at = log.indexOf('open .ota_backup/boot.py.part');
      expect(log.slice(at, at + 7)).toEqual([
        'open .ota_backup/boot.py.part',
        'write .ota_backup/boot.py.part',
        'write .ota_backup/boot.py.part',
        'write .ota_backup/boot.py.part',
        'close .ota_backup/boot.py.part',
        'rename .ota_backup/boot.py.part -> .ota_backup/boot.py',
        'rename .ota_stage/boot.py -> boot.py',
      ]);
      expect(log).toContain('rename main.py -> .ota_backup/main.py');
      const ops = value<{ path: string; backup?: string }[]>("[dict(path=o['path'], backup=o.get('backup')) for o in R.read_journal()[1]['ops']]");
      expect(Object.fromEntries(ops.map((o) => [o.path, o.backup]))).toEqual({ 'boot.py': 'copy', 'lib/otalab_recover.py': 'copy', 'main.py': null, 'otalab_recover.py': 'copy' });
      expect(dev.read('.ota_backup/boot.py')).toBe(OLD['boot.py']);
      expect(version()).toEqual(Object.values(NEW));
    } finally {
      root.cleanup();
    }
  });

  it('leaves them present and whole at every cut point, and recovery ends on one version', () => {
    reset();
    expect(cutCommit(null)).toBe(false);
    const total = value<number>('cut.count');
    expect(total).toBeGreaterThan(15);
    const outcomes: string[] = [];
    for (let n = 0; n <= total; n++) {
      reset();
      expect(cutCommit(n)).toBe(n < total);
      const label = `cut before mutation ${n}/${total}`;
      for (const p of RECOVERY) {
        const text = dev.read(p);
        expect([OLD[p as keyof typeof OLD], NEW[p as keyof typeof NEW]], `${p}, ${label}`).toContain(text);
      }
      dev.run("_rep = R.recover()\nif _rep['on_trial']: R.begin_boot_on_trial('hard'); R.confirm()");
      const now = version();
      const state = JSON.stringify(now) === JSON.stringify(Object.values(OLD)) ? 'old' : JSON.stringify(now) === JSON.stringify(Object.values(NEW)) ? 'new' : `mixed ${JSON.stringify(now)}`;
      const v = JSON.parse(dev.read('version.json') ?? 'null') as { commit?: string } | null;
      expect(`${state} ${v?.commit}`, label).toBe(state === 'new' ? `new ${TO.commit}` : `old ${FROM.commit}`);
      for (const stray of ['.ota_backup', '.ota_stage', 'ota_journal.json']) expect(value<boolean>(`R.exists('${stray}')`), `${stray}, ${label}`).toBe(false);
      outcomes.push(state);
    }
    const firstNew = outcomes.indexOf('new');
    expect(firstNew).toBeGreaterThan(0);
    expect(outcomes.slice(firstNew).every((o) => o === 'new')).toBe(true);
  });
});
