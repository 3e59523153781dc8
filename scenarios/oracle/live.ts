/**
 * live — once faults stop, the board settles: the last boot ends idle within maxBoots, on the new
 * version — or on the old one when the scenario expects that (unchanged, an error, a rejection).
 */
import { classify, describeDiff } from './files-compare.ts';
import { extraCuts, visibleOf } from './facts.ts';
import type { Facts, Verdict } from './types.ts';

export const DEFAULT_MAX_BOOTS = 8;

/** Whether the scenario says the board may (or must) stay on its old version. */
export function mayStayBefore(f: Facts): boolean {
  const { expect: e, device } = f.scenario;
  if (f.ctx.flashFilled === true) return true;
  if (e.version === 'installed' || (e.version !== undefined && e.version === device.installed)) return true;
  return e.version === undefined && (e.error !== undefined || e.rejected !== undefined);
}

export function checkLive(f: Facts): Verdict[] {
  const out: Verdict[] = [];
  // A sweep may grant one boot per cut it adds; those boots are not the scenario's to budget.
  // …and each network fault a fuzz run added may cost one failed check, which the lab retries at a new boot.
  const maxBoots = (f.scenario.maxBoots ?? DEFAULT_MAX_BOOTS) + extraCuts(f) + (f.ctx.addedLinkFaults ?? 0);
  const boots = f.run.boots;
  const last = boots.at(-1);
  if (last === undefined) return [{ invariant: 'live', message: 'the run recorded no boot' }];
  if (boots.length > maxBoots) out.push({ invariant: 'live', boot: last.index, message: `took ${boots.length} boots, more than maxBoots ${maxBoots}` });
  if (last.end !== 'idle') out.push({ invariant: 'live', boot: last.index, message: `the last boot ended "${last.end}", not idle` });
  const state = classify(visibleOf(f, f.run.files), f.before, f.after);
  if (state === 'after' || state === 'both') return out;
  if (state === 'before' && mayStayBefore(f)) return out;
  const visible = visibleOf(f, f.run.files);
  const why = state === 'before' ? 'still on the old version' : `neither version (vs new: ${describeDiff(visible, f.after)})`;
  out.push({ invariant: 'live', message: `the board did not reach the target ${f.target ?? '(none)'}: ${why}` });
  return out;
}
