/**
 * Filesystem losses: on FAT a torn write of a 512 B directory sector destroys the other entries in
 * it (sim/flash/profile.ts) — a user's file, the config, the journal — and no updater can prevent
 * it. A run whose violations are all FAT's own doing is reported as a filesystem loss, apart from
 * updater failures; anything else stays a failure.
 *
 * Exactly: a run is a filesystem loss only when
 *   1. the flash itself destroyed entries in a torn directory sector (RunResult.fsLosses), and
 *   2. the same run with those neighbours kept (RunPlan.keepNeighbours: the same plan, the same cut,
 *      the op's own entry torn alike) breaks no invariant — so every violation of the real run
 *      follows from the entries FAT destroyed, the one difference between the two runs — and
 *   3. every user path `contained` names was destroyed by FAT (or is an emptied directory holding a
 *      destroyed entry): an updater may react to a lost file, but never by changing a user's.
 * A real updater defect at such a point breaks an invariant in the counterfactual run too (or
 * touches a user file FAT did not destroy), and stays a failure.
 */
import { isDirMarker, markerDir } from '../state/empty-dirs.ts';
import type { RunPlan, RunResult, Target } from '../target.ts';
import type { Scenario } from '../types.ts';
import type { Violation } from './verdict.ts';

/** Every path the flash's tears destroyed in this run, sorted; empty when it destroyed nothing. */
export function lostPaths(run: RunResult): string[] {
  return [...new Set((run.fsLosses ?? []).flatMap((l) => l.paths))].sort();
}

/** Whether a change `contained` reports at `path` is explained by what FAT destroyed. */
function explainedByLoss(path: string, lost: ReadonlySet<string>, run: RunResult): boolean {
  const under = (p: string) => [...lost].some((l) => p === l || p.startsWith(`${l}/`));
  if (isDirMarker(path)) {
    const dir = markerDir(path);
    return under(dir) || [...lost].some((l) => l.startsWith(`${dir}/`));
  }
  // FAT loses entries; it never creates or rewrites a file.
  return !run.files.has(path) && under(path);
}

/**
 * The entries FAT destroyed, when `violations` of `run` (planned as `plan`) are all FAT's doing;
 * null when any of them may be the updater's. Runs the counterfactual only when it must.
 */
export async function fsLossOf(target: Target, scenario: Scenario, plan: RunPlan, run: RunResult, violations: readonly Violation[], judge: (run: RunResult) => Violation[]): Promise<string[] | null> {
  const lost = lostPaths(run);
  if (lost.length === 0 || violations.length === 0) return null;
  const lostSet = new Set(lost);
  for (const v of violations) {
    if (v.invariant !== 'contained') continue;
    if (v.paths === undefined || v.paths.length === 0 || !v.paths.every((p) => explainedByLoss(p, lostSet, run))) return null;
  }
  const kept = await target.run(scenario, { ...plan, keepNeighbours: true });
  // A target that cannot keep the neighbours proves nothing: the point stays a failure.
  if (lostPaths(kept).length > 0) return null;
  return judge(kept).length === 0 ? lost : null;
}
