/**
 * atomic — after every boot's recovery and at the end, the user-visible files are exactly the old
 * version or exactly the new one. A mix (H2: new files surviving a rollback) is the defect this
 * lab exists to catch.
 */
import { at, visibleOf, where } from './facts.ts';
import { isDirMarker } from '../state/empty-dirs.ts';
import { bytesEqual, classify, diffPaths, listPaths } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

export function checkAtomic(f: Facts): Verdict[] {
  const out: Verdict[] = [];
  for (const cp of f.checkpoints) {
    const visible = visibleOf(f, cp.files);
    if (classify(visible, f.before, f.after) !== 'neither') continue;
    const fromBefore = diffPaths(visible, f.before);
    const fromAfter = diffPaths(visible, f.after);
    out.push({
      invariant: 'atomic',
      ...at(cp),
      message: `${where(cp)} the files are a mix of versions: differ from the old version in ${listPaths(fromBefore)} and from the new one in ${listPaths(fromAfter)} ${mixOf(visible, f.before, f.after)}`,
    });
  }
  return out;
}

/**
 * Which version each file that tells them apart is on: `(old: a; new: b; neither: c)` — the mix a
 * user sees on the board. A path absent from a version matches it by being absent.
 */
export function mixOf(visible: ReadonlyMap<string, Uint8Array>, before: ReadonlyMap<string, Uint8Array>, after: ReadonlyMap<string, Uint8Array>): string {
  const paths = [...new Set([...visible.keys(), ...before.keys(), ...after.keys()])].filter((p) => !isDirMarker(p)).sort();
  const old: string[] = [];
  const now: string[] = [];
  const neither: string[] = [];
  for (const p of paths) {
    const v = visible.get(p);
    const isOld = bytesEqual(v, before.get(p));
    const isNew = bytesEqual(v, after.get(p));
    if (isOld && isNew) continue; // the same in both versions: says nothing
    (isOld ? old : isNew ? now : neither).push(v === undefined ? `${p} (absent)` : p);
  }
  // An empty directory neither version has (a dir created for a file that never came).
  for (const p of visible.keys()) if (isDirMarker(p) && !before.has(p) && !after.has(p)) neither.push(`${p} (empty directory)`);
  return `(old: ${listPaths(old) || '-'}; new: ${listPaths(now) || '-'}; neither: ${listPaths(neither) || '-'})`;
}
