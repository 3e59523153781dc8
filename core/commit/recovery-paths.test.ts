// The files recovery runs from on a board (boot.py, otalab_recover.py) must exist at every
// instant of an update that replaces them: a board that lost power while boot.py was moved aside
// would never run recovery again (found by sweeping updater-replaces-itself on the micropython
// target). They are copied to the backup, then the new file is renamed over them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planUpdate } from '../plan.ts';
import { recover } from '../recovery.ts';
import { readJournal } from '../journal/index.ts';
import { commitUpdate } from './commit-update.ts';
import { gitBlob } from './board-fixture.ts';
import { PowerCut, cuttingFlash, readTree, tempRoot, testPorts, writeTree } from './test-kit.ts';

const roots: (() => void)[] = [];
afterEach(() => roots.splice(0).forEach((c) => c()));

const OLD = { 'boot.py': 'import otalab_recover  # v1\n', 'lib/otalab_recover.py': '# recovery v1\n', 'main.py': 'v1\n' };
const NEW = { 'boot.py': 'import otalab_recover  # v2\n', 'lib/otalab_recover.py': '# recovery v2\n', 'main.py': 'v2\n' };
const shas = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).map(([p, t]) => [p, gitBlob(t)]));
const installed = { ref: 'v1', commit: 'a'.repeat(40), files: shas(OLD) };

function board() {
  const root = tempRoot();
  roots.push(root.cleanup);
  writeTree(root.dir, { ...OLD, 'version.json': '{"ref": "v1", "commit": "' + 'a'.repeat(40) + '"}' });
  writeTree(root.dir, Object.fromEntries(Object.entries(NEW).map(([p, t]) => [`.ota_stage/${p}`, t])));
  return root;
}

async function commit(flash: ReturnType<typeof board>['flash']) {
  const ports = testPorts(flash);
  const target = new Map(Object.entries(NEW).map(([p, t]) => [p, { sha: gitBlob(t), size: Buffer.byteLength(t) }]));
  const plan = await planUpdate(flash, { target, installed, managed: () => true });
  return commitUpdate(ports, plan, { target: { ref: 'v2', commit: 'b'.repeat(40) }, installed, stageDir: '.ota_stage', backupDir: '.ota_backup', trialBoots: 3, errorLimit: 10 });
}

describe('replacing the files recovery runs from', () => {
  it('journals them as copy-backed replaces, the others as moves', async () => {
    const root = board();
    await commit(root.flash);
    const read = await readJournal(root.flash);
    if (read.kind !== 'ok') throw new Error('no journal');
    const modes = Object.fromEntries(read.journal.ops.map((o) => [o.path, o.op === 'replace' ? (o.backup ?? 'move') : o.op]));
    expect(modes).toEqual({ 'boot.py': 'copy', 'lib/otalab_recover.py': 'copy', 'main.py': 'move' });
    expect(readTree(root.dir)['.ota_backup/boot.py']).toBe(OLD['boot.py']);
  });

  it('never leaves boot.py or otalab_recover.py missing, whatever mutation the power cut lands on', async () => {
    let total = Infinity;
    for (let n = 0; n < total; n++) {
      const root = board();
      const cf = cuttingFlash(root.flash, n);
      try {
        await commit(cf.flash);
        total = cf.mutations(); // the run that did not cut tells how many mutations there are
      } catch (err) {
        if (!(err instanceof PowerCut)) throw err;
      }
      for (const p of ['boot.py', 'lib/otalab_recover.py']) {
        expect(existsSync(join(root.dir, p)), `${p} after a cut before mutation ${n}`).toBe(true);
      }
      await recover(testPorts(root.flash));
      const now = (p: string) => readFileSync(join(root.dir, p), 'utf8');
      const version = [now('boot.py'), now('lib/otalab_recover.py'), now('main.py')];
      expect([Object.values(OLD), Object.values(NEW)], `cut before mutation ${n}`).toContainEqual(version);
      if (n > 40) throw new Error('a commit of three files should not take 40 mutations');
    }
    expect(total).toBeGreaterThan(8);
  });
});
