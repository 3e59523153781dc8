/**
 * Which scheduled faults apply to a request. A fault matches request number `n` (1-based over
 * the link's lifetime) when `n >= nth` (if given) and the URL contains `urlIncludes` (if given);
 * it then fires on the first `times` (default 1) matching requests. So `{nth: 3}` hits exactly
 * request 3, `{nth: 3, times: 2}` requests 3 and 4, and `{urlIncludes: 'raw', nth: 5}` the first
 * raw request from the fifth on.
 */
import type { LinkFault } from './spec.ts';

export interface FiredFault {
  fault: LinkFault;
  /** Position in the schedule given to the link. */
  index: number;
  /** The request it hit. */
  nth: number;
  url: string;
}

export class FaultBook {
  private readonly left: number[];
  readonly fired: FiredFault[] = [];

  constructor(private readonly faults: readonly LinkFault[]) {
    this.left = faults.map((f) => {
      const times = f.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new Error(`Failed to schedule ${f.kind} fault: times must be a positive integer, got ${times}`);
      return times;
    });
  }

  /** The faults (those `which` accepts) that fire on request `nth` to `url`, in schedule order; each use is consumed. */
  take(nth: number, url: string, which: (fault: LinkFault) => boolean = () => true): LinkFault[] {
    const hits: LinkFault[] = [];
    this.faults.forEach((fault, index) => {
      if (this.left[index]! <= 0 || !which(fault)) return;
      if (fault.nth !== undefined && nth < fault.nth) return;
      if (fault.urlIncludes !== undefined && !url.includes(fault.urlIncludes)) return;
      this.left[index]! -= 1;
      this.fired.push({ fault, index, nth, url });
      hits.push(fault);
    });
    return hits;
  }

  /**
   * Faults that never fired at all: a scenario whose fault never fired tested nothing (the lab
   * fails such a run). A fault that fired fewer than `times` times did fire (`times: 1000` is
   * "every matching request").
   */
  unfired(): LinkFault[] {
    return this.faults.filter((f, i) => this.left[i]! === (f.times ?? 1));
  }
}
