/**
 * Test support for the repro round trip: run a library scenario with a power cut at one flash
 * operation and stop there (the board as a field dump would show it), write that dump to disk,
 * repro it against a real Git repository built from the scenario's own spec, and run both the
 * original (on from the cut) and the replay to their ends, for comparison.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadScenario, LIBRARY_DIR } from '../load/index.ts';
import { isDirMarker, markerDir } from '../state/empty-dirs.ts';
import { tsTarget } from '../targets/ts.ts';
import type { RunResult } from '../target.ts';
import type { CutMode, Fault, Scenario } from '../types.ts';
import { repro, type Repro } from './repro.ts';
import { gitRepoFromSpec } from './test-git-repo.ts';
import { labelRepo } from '../state/device-repo.ts';

export interface Lab {
  dir: string;
  gitDir: string;
  scenario: Scenario;
  close(): void;
}

export async function openLab(name: string): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'otalab-repro-test-'));
  const scenario = await loadScenario(join(LIBRARY_DIR, `${name}.yaml`));
  const gitDir = join(dir, 'repo.git');
  gitRepoFromSpec(labelRepo(scenario), gitDir);
  return { dir, gitDir, scenario, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The clean run's cut points: each flash operation with each cut mode that leaves a distinct state there. */
export async function cutPoints(s: Scenario): Promise<Cut[]> {
  const run = await tsTarget().run(s, { faults: [...(s.faults ?? [])], maxBoots: s.maxBoots ?? 8 });
  return run.ops.flatMap((o, op) => o.modes.map((mode) => ({ op, mode })));
}

export interface Cut {
  op: number;
  mode: CutMode;
}

const cutFault = (cut: Cut | null): Fault[] => (cut === null ? [] : [{ kind: 'power-cut', op: cut.op, mode: cut.mode }]);
const nameOf = (cut: Cut | null) => (cut === null ? 'start' : `${cut.op}-${cut.mode}`);

/** The board right after a power cut at `op` (null: no cut, the provisioned board). */
export async function dumpAt(s: Scenario, cut: Cut | null): Promise<Map<string, Uint8Array>> {
  const faults: Fault[] = [...(s.faults ?? []), ...cutFault(cut)];
  const run = await tsTarget().run(s, { faults, maxBoots: cut === null ? 0 : 1 });
  return run.files;
}

export function writeDump(files: Map<string, Uint8Array>, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, bytes] of files) {
    if (isDirMarker(path)) mkdirSync(join(dir, markerDir(path)), { recursive: true });
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), bytes);
    }
  }
}

export interface RoundTrip {
  repro: Repro;
  original: Map<string, Uint8Array>;
  replay: Map<string, Uint8Array>;
  replayRun: RunResult;
}

export async function roundTrip(lab: Lab, cut: Cut | null): Promise<RoundTrip> {
  const s = lab.scenario;
  const dump = join(lab.dir, `dump-${nameOf(cut)}`);
  writeDump(await dumpAt(s, cut), dump);
  const r = await repro({ dump, repo: lab.gitDir, out: join(lab.dir, `repro-${nameOf(cut)}.yaml`) });
  const maxBoots = s.maxBoots ?? 8;
  const faults: Fault[] = [...(s.faults ?? []), ...cutFault(cut)];
  const original = (await tsTarget().run(s, { faults, maxBoots })).files;
  const replayRun = await tsTarget().run(r.scenario, { faults: [...(r.scenario.faults ?? [])], maxBoots });
  return { repro: r, original, replay: replayRun.files, replayRun };
}

/**
 * The board's end state as compared: every file but ota_state.json (it records times of the
 * run's virtual clock, which restarts in the replay), and ota_error.json by its codes.
 */
export function comparable(files: Map<string, Uint8Array>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (path === 'ota_state.json') continue;
    if (path === 'ota_error.json') {
      out[path] = ringCodes(bytes).join(',');
    } else out[path] = Buffer.from(bytes).toString('base64');
  }
  return out;
}

/** The codes of an ota_error.json ring, oldest first (`{"format": 2, "errors": [...]}` or a bare list). */
export function ringCodes(bytes: Uint8Array | undefined): string[] {
  if (bytes === undefined) return [];
  const v = JSON.parse(Buffer.from(bytes).toString()) as { errors?: { code: string }[] } | { code: string }[];
  return (Array.isArray(v) ? v : (v.errors ?? [])).map((e) => e.code);
}
