/** clean — once the run is over: no journal, no `*.tmp`, no file left in the stage or backup dirs (empty dirs are fine). */
import { listPaths } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

export function checkClean(f: Facts): Verdict[] {
  const { stage_dir, backup_dir } = f.rules;
  const inside = (path: string, dir: string) => path.startsWith(dir + '/');
  const leftovers = [...f.run.files.keys()]
    .filter((p) => p === 'ota_journal.json' || p.endsWith('.tmp') || inside(p, stage_dir) || inside(p, backup_dir))
    .sort();
  if (leftovers.length === 0) return [];
  return [{ invariant: 'clean', message: `leftover updater files at the end: ${listPaths(leftovers)}` }];
}
