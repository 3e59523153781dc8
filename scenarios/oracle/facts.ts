/** Everything the invariants share, derived once from the scenario, the run and the context. */
import type { RunResult } from '../target.ts';
import { deviceRules, labelRepo } from '../state/device-repo.ts';
import { expectedStates } from '../state/expected-states.ts';
import { inUpdaterDirs, managedFiles } from '../state/managed.ts';
import { installedBy } from '../state/target-files.ts';
import { provision } from '../state/provision.ts';
import type { Scenario } from '../types.ts';
import { isPowerCutFault, plannedCuts } from '../planned-cuts.ts';
import type { Checkpoint, Facts, OracleContext } from './types.ts';
import { userVisible } from '../state/managed.ts';
import { bytesEqual, sameFiles } from './files-compare.ts';

type ScenarioFacts = Pick<Facts, 'rules' | 'initial' | 'before' | 'after' | 'target' | 'managedPaths' | 'plantedUpdaterDirs'>;

/** The updater's default dirs, and the dirs a journal the scenario planted names. */
function plantedDirs(initial: ReadonlyMap<string, Uint8Array>): string[] {
  const dirs = ['.ota_stage', '.ota_backup'];
  for (const name of ['ota_journal.json', 'ota_journal.json.tmp']) {
    const bytes = initial.get(name);
    if (bytes === undefined) continue;
    try {
      const j = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      for (const key of ['stage_dir', 'backup_dir']) if (typeof j[key] === 'string' && j[key] !== '') dirs.push(j[key] as string);
    } catch {
      // A torn journal names nothing.
    }
  }
  return dirs;
}

/** What depends on the scenario alone, computed once per scenario (a sweep judges thousands of runs of one). */
const byScenario = new WeakMap<Scenario, WeakMap<OracleContext['shaOf'], ScenarioFacts>>();

function scenarioFacts(scenario: Scenario, shaOf: OracleContext['shaOf']): ScenarioFacts {
  let perSha = byScenario.get(scenario);
  if (!perSha) byScenario.set(scenario, (perSha = new WeakMap()));
  const cached = perSha.get(shaOf);
  if (cached) return cached;
  const rules = deviceRules(scenario);
  const { before, after, target } = expectedStates(scenario, shaOf);
  const repo = labelRepo(scenario);
  const managedPaths = new Set<string>();
  if (scenario.device.installed !== undefined) for (const path of managedFiles(repo, scenario.device.installed, rules).keys()) managedPaths.add(path);
  if (target !== null) for (const path of installedBy(scenario, target, rules).keys()) managedPaths.add(path);
  const initial = provision(scenario, shaOf);
  const facts = { rules, initial, before, after, target, managedPaths, plantedUpdaterDirs: plantedDirs(initial) };
  perSha.set(shaOf, facts);
  return facts;
}

export function buildFacts(scenario: Scenario, run: RunResult, ctx: OracleContext): Facts {
  const { rules, initial, before, after, target, managedPaths, plantedUpdaterDirs } = scenarioFacts(scenario, ctx.shaOf);
  const installed = scenario.device.installed;
  const checkpoints: Checkpoint[] = [];
  // A foreign updater has no recovery step the lab can see: its checkpoint is the end of its part of the boot.
  const label = (i: number) => (run.updater !== undefined ? { label: `when the updater's part of boot ${i} was over (as the app finds the board)` } : {});
  for (const boot of run.boots) if (boot.afterRecovery !== null) checkpoints.push({ boot: boot.index, files: boot.afterRecovery, ...label(boot.index) });
  for (const w of run.versionWrites ?? []) checkpoints.push({ boot: w.boot, files: w.files, label: `right after ${run.updater !== undefined ? 'the version record changed' : 'version.json was written'} (op ${w.op}, boot ${w.boot})` });
  checkpoints.push({ files: run.files });
  return {
    scenario,
    run,
    ctx,
    rules,
    initial,
    before,
    after,
    target,
    installedSha: installed === undefined ? null : ctx.shaOf(installed),
    targetSha: target === null ? null : ctx.shaOf(target),
    managedPaths,
    plantedUpdaterDirs,
    checkpoints,
  };
}

/** `{ boot }` for a verdict at a checkpoint, nothing for the end of the run. */
export function at(cp: Checkpoint): { boot?: number } {
  return cp.boot === undefined ? {} : { boot: cp.boot };
}

export function where(cp: Checkpoint): string {
  if (cp.label !== undefined) return cp.label;
  return cp.boot === undefined ? 'at the end' : `after recovery on boot ${cp.boot}`;
}

/**
 * Power cuts a sweep or fuzz run added on top of the scenario's own faults (boots that ended in a
 * cut, beyond the scenario's planned cuts). Budgets written for the scenario (boots, requests)
 * grow by what each such cut may cost: one more boot, one more round of requests — no more.
 */
export function extraCuts(f: Facts): number {
  // Cuts by op, by time and by bytes served are all the scenario's own: their boots are planned.
  const cuts = (f.scenario.faults ?? []).filter(isPowerCutFault);
  const happened = f.run.boots.filter((b) => b.end === 'power-cut').length;
  // A cut at the same step of every boot may end any boot: only the cuts the run added are extra.
  if (cuts.some((k) => k.kind === 'power-cut' && k.everyBoot === true)) return Math.min(f.ctx.addedCuts ?? 0, happened);
  const planned = plannedCuts(cuts);
  return Math.max(0, happened - planned);
}

/**
 * A provisioned file the stage or backup dir covers although it is not the updater's: the config
 * points those dirs at user data. The user's, so contained and clean judge it like any file.
 */
export function userFileInUpdaterDirs(f: Facts, path: string): boolean {
  if (!f.initial.has(path) || !inUpdaterDirs(path, f.rules)) return false;
  return !f.plantedUpdaterDirs.some((d) => path === d || path.startsWith(`${d}/`));
}

/**
 * The user-visible files of a board as the oracle compares them. Deleting files removed upstream is
 * our updater's policy, not a guarantee: for a foreign updater, a board that is the new version
 * except that such files still hold their old bytes counts as the new version.
 */
export function visibleOf(f: Facts, files: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  const visible = userVisible(files, f.rules);
  if (f.run.updater === undefined || sameFiles(visible, f.before)) return visible;
  const kept = new Map(visible);
  for (const [p, bytes] of f.before) if (!f.after.has(p) && bytesEqual(kept.get(p), bytes)) kept.delete(p);
  return kept.size !== visible.size && sameFiles(kept, f.after) ? kept : visible;
}
