/**
 * A fault that never fired tested nothing: the lab fails such a run, naming the fault and why it
 * could not fire, unless the scenario marks the fault `optional`. Which faults must fire is the
 * caller's call: a scenario's own always; the ones a user adds (`sim run --fault`) too; the ones
 * the lab draws itself (fuzz schedules) never, since the lab cannot promise where they land.
 */
import type { RunResult } from '../target.ts';
import type { Fault } from '../types.ts';
import type { Violation } from './verdict.ts';

export const UNFIRED = 'fault-fired';

/** `power-cut op 900 mode torn`, `corrupt byte 3 urlIncludes /main.py times 1000`. */
export function describeFault(fault: Fault): string {
  const { kind, optional: _optional, ...rest } = fault;
  const parts = Object.entries(rest).map(([k, v]) => `${k} ${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`);
  return [kind, ...parts].join(' ');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why `fault` could not fire in `run`, in the run's own numbers. */
export function whyUnfired(fault: Fault, run: RunResult): string {
  switch (fault.kind) {
    case 'power-cut':
      return `the run had ${plural(run.flashOps, 'flash operation')}`;
    case 'flash-full':
      return fault.op >= run.flashOps
        ? `the run had ${plural(run.flashOps, 'flash operation')}`
        : `no operation from op ${fault.op} on needed space (the run had ${plural(run.flashOps, 'flash operation')})`;
    case 'brownout':
      return fault.op >= run.flashOps
        ? `the run had ${plural(run.flashOps, 'flash operation')}`
        : `the battery carried op ${fault.op} with the spike (a cell with more charge, or no battery, does not brown out)`;
    case 'power-cut-at-time':
      return `the run ended after ${run.virtualTimeMs.toFixed(0)} ms of virtual time`;
    case 'power-cut-at-bytes': {
      // Only bodies longer than afterBytes count, and only one the board read that far spends it.
      const from = fault.nth ?? 1;
      const matching = run.requests.filter((r, i) => i + 1 >= from && (fault.urlIncludes === undefined || r.url.includes(fault.urlIncludes)));
      const longer = matching.filter((r) => r.bodyBytes > fault.afterBytes).length;
      const which = fault.urlIncludes === undefined ? '' : ` to a URL containing "${fault.urlIncludes}"`;
      return `the run made ${plural(matching.length, 'request')}${which}${from > 1 ? ` from request ${from} on` : ''}, ${longer} of them with a body longer than ${fault.afterBytes} bytes, and the board read none of those that far while powered`;
    }
    default: {
      const n = run.requests.length;
      const from = fault.nth ?? 1;
      if (fault.urlIncludes === undefined) return `the run made ${plural(n, 'request')}`;
      const matching = run.requests.filter((r, i) => i + 1 >= from && r.url.includes(fault.urlIncludes!)).length;
      return `the run made ${plural(n, 'request')}, ${matching} of them to a URL containing "${fault.urlIncludes}"${from > 1 ? ` from request ${from} on` : ''}`;
    }
  }
}

const key = (f: Fault) => JSON.stringify(f);

/**
 * One violation per fault of `required` that is in `run.unfired` and not optional. Faults are
 * matched by value (a run may come back from a worker thread), each unfired entry used once.
 */
export function unfiredViolations(run: RunResult, required: readonly Fault[]): Violation[] {
  const left = new Map<string, number>();
  for (const f of run.unfired) left.set(key(f), (left.get(key(f)) ?? 0) + 1);
  const out: Violation[] = [];
  for (const f of required) {
    const n = left.get(key(f)) ?? 0;
    if (n === 0) continue;
    left.set(key(f), n - 1);
    if (f.optional === true) continue;
    out.push({ invariant: UNFIRED, message: `fault ${describeFault(f)} never fired: ${whyUnfired(f, run)} (mark it "optional: true" if that is expected)` });
  }
  return out;
}
