// Property: for random old and new file sets (empty files, nested dirs, deletes, unchanged files)
// and a random power cut during commit plus a random cut during the first recovery, the board
// after recovery is exactly the old set or exactly the new set, and version.json names it.
// fast-check prints the seed and path of any failure.
import { cpSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { planUpdate } from '../plan.ts';
import { recover } from '../recovery.ts';
import { readVersion, serializeVersion } from '../state/index.ts';
import { beginBootOnTrial, confirm } from '../trial.ts';
import { gitBlob } from './board-fixture.ts';
import { commitUpdate } from './commit-update.ts';
import { PowerCut, cuttingFlash, readTree, tempRoot, testPorts, writeTree } from './test-kit.ts';

const PATHS = ['a.py', 'b.py', 'lib/c.py', 'lib/d/e.py', 'pkg/__init__.py', 'f.txt'];
const CONTENTS = ['', 'x', 'yy', 'zzz\n'];
const fileSet = fc.dictionary(fc.constantFrom(...PATHS), fc.constantFrom(...CONTENTS), { maxKeys: PATHS.length });

const roots: (() => void)[] = [];
afterEach(() => roots.splice(0).forEach((c) => c()));
function root() {
  const r = tempRoot();
  roots.push(r.cleanup);
  return r;
}

const V1 = { ref: 'v1', commit: '1'.repeat(40) };
const V2 = { ref: 'v2', commit: '2'.repeat(40) };
const shas = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [p, gitBlob(t)]));

function prepare(dir: string, oldSet: Record<string, string>, newSet: Record<string, string>): void {
  writeTree(dir, { ...oldSet, 'user/data.txt': 'keep', 'version.json': serializeVersion({ ...V1, files: shas(oldSet) }) });
  const staged = Object.entries(newSet).filter(([p, t]) => oldSet[p] !== t);
  writeTree(dir, Object.fromEntries(staged.map(([p, t]) => [`.ota_stage/${p}`, t])));
}

async function commit(flash: import('../ports/flash.ts').Flash, oldSet: Record<string, string>, newSet: Record<string, string>) {
  const ports = testPorts(flash);
  const installed = { ...V1, files: shas(oldSet) };
  const target = new Map(Object.entries(newSet).map(([p, t]) => [p, { sha: gitBlob(t), size: Buffer.byteLength(t) }]));
  const plan = await planUpdate(flash, { target, installed, managed: (p) => !p.startsWith('user/') });
  return commitUpdate(ports, plan, { target: V2, installed, stageDir: '.ota_stage', backupDir: '.ota_backup', trialBoots: 1, errorLimit: 5 });
}

/** Files only (directories may legitimately remain when the user owns them; here none do). */
function files(dir: string): Record<string, string> {
  const tree = readTree(dir);
  return Object.fromEntries(
    Object.entries(tree).filter((e): e is [string, string] => e[1] !== null && !/^(version\.json|ota_error\.json|ota_journal\.json|\.ota_(stage|backup)\/)/.test(e[0])),
  );
}

describe('random updates under random power cuts', () => {
  it('always end on exactly one version, named by version.json', async () => {
    await fc.assert(
      fc.asyncProperty(fileSet, fileSet, fc.nat({ max: 10_000 }), fc.nat({ max: 40 }), async (oldSet, newSet, cutSeed, recoveryCut) => {
        const probe = root();
        prepare(probe.dir, oldSet, newSet);
        const board = root();
        cpSync(probe.dir, board.dir, { recursive: true });
        const dry = cuttingFlash(probe.flash, Infinity);
        await commit(dry.flash, oldSet, newSet);
        const cutAt = cutSeed % (dry.mutations() + 1);

        await commit(cuttingFlash(board.flash, cutAt).flash, oldSet, newSet).catch((e: unknown) => {
          if (!(e instanceof PowerCut)) throw e;
        });
        await recover(testPorts(cuttingFlash(board.flash, recoveryCut).flash)).catch((e: unknown) => {
          if (!(e instanceof PowerCut)) throw e;
        });
        const ports = testPorts(board.flash);
        const report = await recover(ports);
        const version = (await readVersion(board.flash)).version;
        const now = files(board.dir);
        const oldView = { ...oldSet, 'user/data.txt': 'keep' };
        const newView = { ...newSet, 'user/data.txt': 'keep' };
        if (report.onTrial || version?.commit === V2.commit) {
          expect(now).toEqual(newView);
          expect(version?.files).toEqual(shas(newSet));
        } else {
          expect(now).toEqual(oldView);
          expect(version).toEqual({ ...V1, files: shas(oldSet) });
        }
        if (report.onTrial) {
          await beginBootOnTrial(ports);
          await confirm(ports);
        }
        const left = Object.keys(readTree(board.dir)).filter((p) => /^(\.ota_|ota_journal|.*\.tmp$)/.test(p));
        expect(left).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
