/** Comparing file maps, and saying briefly how they differ. */
import { Buffer } from 'node:buffer';
import { isDirMarker } from '../state/empty-dirs.ts';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Paths present in only one map, or with different bytes, sorted. `a` is a board, `b` what it is
 * compared with: an empty-directory marker (`dir/`) in `a` must be in `b`, but one `b` permits may
 * be missing from `a` (a directory a delete emptied may stay or go).
 */
export function diffPaths(a: ReadonlyMap<string, Uint8Array>, b: ReadonlyMap<string, Uint8Array>): string[] {
  const out = new Set<string>();
  for (const [path, bytes] of a) {
    const other = b.get(path);
    if (other === undefined || !sameBytes(bytes, other)) out.add(path);
  }
  for (const path of b.keys()) if (!a.has(path) && !isDirMarker(path)) out.add(path);
  return [...out].sort();
}

export function sameFiles(a: ReadonlyMap<string, Uint8Array>, b: ReadonlyMap<string, Uint8Array>): boolean {
  return diffPaths(a, b).length === 0;
}

export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameBytes(a, b);
}

/** `a, b, c and 4 more`: enough to find the problem without flooding a report. */
export function listPaths(paths: readonly string[], max = 6): string {
  if (paths.length <= max) return paths.join(', ');
  return `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`;
}

/** How `actual` differs from `expected`: missing, unexpected and changed paths. */
export function describeDiff(actual: ReadonlyMap<string, Uint8Array>, expected: ReadonlyMap<string, Uint8Array>): string {
  const missing = [...expected.keys()].filter((p) => !actual.has(p) && !isDirMarker(p)).sort();
  const extra = [...actual.keys()].filter((p) => !expected.has(p)).sort();
  const changed = [...actual.keys()].filter((p) => expected.has(p) && !sameBytes(actual.get(p)!, expected.get(p)!)).sort();
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${listPaths(missing)}`);
  if (extra.length > 0) parts.push(`unexpected ${listPaths(extra.map((p) => (isDirMarker(p) ? `${p} (empty directory)` : p)))}`);
  if (changed.length > 0) parts.push(`different ${listPaths(changed)}`);
  return parts.length === 0 ? 'identical' : parts.join('; ');
}

/** Which expected state a board's user-visible files are in. */
export type StateName = 'before' | 'after' | 'both' | 'neither';

export function classify(visible: ReadonlyMap<string, Uint8Array>, before: ReadonlyMap<string, Uint8Array>, after: ReadonlyMap<string, Uint8Array>): StateName {
  const isBefore = sameFiles(visible, before);
  const isAfter = sameFiles(visible, after);
  return isBefore && isAfter ? 'both' : isBefore ? 'before' : isAfter ? 'after' : 'neither';
}
