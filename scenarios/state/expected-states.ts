/**
 * The two user-visible states a run may ever show (the atomicity invariant): `before`, the board
 * as provisioned, and `after`, the board once the target version is installed.
 */
import type { Scenario } from '../types.ts';
import { deviceRules, labelRepo } from './device-repo.ts';
import { dirMarker, dirsOf } from './empty-dirs.ts';
import { managedFiles, userVisible } from './managed.ts';
import { provision, type ShaOf } from './provision.ts';
import { targetLabel } from './target-label.ts';
import { installedBy } from './target-files.ts';

export interface ExpectedStates {
  before: Map<string, Uint8Array>;
  after: Map<string, Uint8Array>;
  /** The commit label `after` is (null: the target does not resolve, so after = before). */
  target: string | null;
}

/**
 * `after` = `before` with the target's managed files written (in manifest mode: the manifest's,
 * state/target-files.ts) and the previously installed managed files the target lacks deleted.
 * A directory a delete empties is not removed by the updater: `after` permits an empty-directory
 * marker for it (state/empty-dirs.ts; a marker in an expected state is allowed, not required). It equals `before` when there is nothing to do: no target, or
 * the target is the installed commit and `force` is off (core then trusts version.json and does
 * not look at the files, so a hand edit survives; with `force` it is repaired).
 */
export function expectedStates(scenario: Scenario, shaOf: ShaOf): ExpectedStates {
  const rules = deviceRules(scenario);
  const before = userVisible(provision(scenario, shaOf), rules);
  const target = targetLabel(scenario);
  const after = new Map(before);
  const { installed } = scenario.device;
  const upToDate = target === installed && scenario.device.config.force !== true;
  if (target === null || upToDate) return { before, after, target };
  const repo = labelRepo(scenario);
  const next = installedBy(scenario, target, rules);
  if (installed !== undefined) {
    for (const path of managedFiles(repo, installed, rules).keys()) if (!next.has(path)) after.delete(path);
  }
  for (const [path, bytes] of next) after.set(path, bytes);
  const kept = dirsOf(after.keys());
  for (const dir of dirsOf(before.keys())) if (!kept.has(dir)) after.set(dirMarker(dir), new Uint8Array(0));
  return { before, after, target };
}
