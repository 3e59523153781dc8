/**
 * atomic — after every boot's recovery and at the end, the user-visible files are exactly the old
 * version or exactly the new one. A mix (H2: new files surviving a rollback) is the defect this
 * lab exists to catch.
 */
import { userVisible } from '../state/managed.ts';
import { at, where } from './facts.ts';
import { classify, diffPaths, listPaths } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

export function checkAtomic(f: Facts): Verdict[] {
  const out: Verdict[] = [];
  for (const cp of f.checkpoints) {
    const visible = userVisible(cp.files, f.rules);
    if (classify(visible, f.before, f.after) !== 'neither') continue;
    const fromBefore = diffPaths(visible, f.before);
    const fromAfter = diffPaths(visible, f.after);
    out.push({
      invariant: 'atomic',
      ...at(cp),
      message: `${where(cp)} the files are a mix of versions: differ from the old version in ${listPaths(fromBefore)} and from the new one in ${listPaths(fromAfter)}`,
    });
  }
  return out;
}
