/** Everything the invariants share, derived once from the scenario, the run and the context. */
import type { RunResult } from '../target.ts';
import { deviceRules, labelRepo } from '../state/device-repo.ts';
import { expectedStates } from '../state/expected-states.ts';
import { managedFiles } from '../state/managed.ts';
import { provision } from '../state/provision.ts';
import type { Scenario } from '../types.ts';
import type { Checkpoint, Facts, OracleContext } from './types.ts';

export function buildFacts(scenario: Scenario, run: RunResult, ctx: OracleContext): Facts {
  const rules = deviceRules(scenario);
  const { before, after, target } = expectedStates(scenario, ctx.shaOf);
  const repo = labelRepo(scenario);
  const installed = scenario.device.installed;
  const managedPaths = new Set<string>();
  for (const label of [installed, target]) {
    if (label !== undefined && label !== null) for (const path of managedFiles(repo, label, rules).keys()) managedPaths.add(path);
  }
  const checkpoints: Checkpoint[] = [];
  for (const boot of run.boots) if (boot.afterRecovery !== null) checkpoints.push({ boot: boot.index, files: boot.afterRecovery });
  checkpoints.push({ files: run.files });
  return {
    scenario,
    run,
    ctx,
    rules,
    initial: provision(scenario, ctx.shaOf),
    before,
    after,
    target,
    installedSha: installed === undefined ? null : ctx.shaOf(installed),
    targetSha: target === null ? null : ctx.shaOf(target),
    managedPaths,
    checkpoints,
  };
}

/** `{ boot }` for a verdict at a checkpoint, nothing for the end of the run. */
export function at(cp: Checkpoint): { boot?: number } {
  return cp.boot === undefined ? {} : { boot: cp.boot };
}

export function where(cp: Checkpoint): string {
  return cp.boot === undefined ? 'at the end' : `after recovery on boot ${cp.boot}`;
}
