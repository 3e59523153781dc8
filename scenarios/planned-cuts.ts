/**
 * Which faults are power cuts the plan makes itself (by op, by time, by bytes served): a boot that
 * ends in one of them is expected, not an extra cut the oracle grants budget for.
 */
import type { Fault } from './types.ts';

/** A brownout is one too: the board resets at the op (sim/battery/), a power loss like a cut. */
export const isPowerCutFault = (f: Fault): boolean => f.kind === 'power-cut' || f.kind === 'power-cut-at-time' || f.kind === 'power-cut-at-bytes' || f.kind === 'brownout';

/** How many boots the faults may end by a cut: one each, `times` for a byte cut (it may land that often). */
export function plannedCuts(faults: readonly Fault[]): number {
  return faults.reduce((n, f) => n + (!isPowerCutFault(f) ? 0 : f.kind === 'power-cut-at-bytes' ? (f.times ?? 1) : 1), 0);
}
