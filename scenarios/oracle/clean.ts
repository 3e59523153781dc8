/**
 * clean — once the run is over, none of the updater's temporaries is left: no journal, no state
 * file temporary (`version.json.tmp`, …), nothing in the stage or backup dirs — not even the empty
 * dirs. Only the updater's own names count: a user's `data/log.tmp`, or a user's file in a dir the
 * config made the stage dir, is not the updater's to clean up (contained judges those).
 */
import { inResumeDir, inUpdaterDirs, UPDATER_TEMPORARIES } from '../state/managed.ts';
import { readVersionJson } from './board-state.ts';
import { userFileInUpdaterDirs } from './facts.ts';
import { listPaths } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

export function checkClean(f: Facts): Verdict[] {
  const ours = (p: string) => p === 'ota_journal.json' || UPDATER_TEMPORARIES.includes(p) || (inUpdaterDirs(p, f.rules) && !userFileInUpdaterDirs(f, p));
  // A resumable partial (SPEC §13) is kept on purpose after a failed attempt, never once installed.
  const v = readVersionJson(f.run.files);
  const installed = f.targetSha !== null && v.kind === 'ok' && v.value.commit === f.targetSha;
  const leftovers = [...f.run.files.keys()].filter((p) => ours(p) || (installed && inResumeDir(p))).sort();
  if (leftovers.length === 0) return [];
  return [{ invariant: 'clean', message: `leftover updater files at the end: ${listPaths(leftovers)}` }];
}
