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

  constructor(readonly faults: readonly LinkFault[]) {
    this.left = faults.map((f) => {
      const times = f.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new Error(`Failed to schedule ${f.kind} fault: times must be a positive integer, got ${times}`);
      return times;
    });
  }

  /** The faults (those `which` accepts) that fire on request `nth` to `url`, in schedule order; each use is consumed. */
  take(nth: number, url: string, which: (fault: LinkFault) => boolean = () => true): LinkFault[] {
    return this.armed(nth, url, which).filter((index) => this.spend(index, nth, url)).map((index) => this.faults[index]!);
  }

  /**
   * Schedule positions of the faults (those `which` accepts) that may fire on request `nth` to
   * `url`, none consumed: a power cut at a byte count is spent only when it lands (`spend`).
   */
  armed(nth: number, url: string, which: (fault: LinkFault) => boolean): number[] {
    const hits: number[] = [];
    this.faults.forEach((fault, index) => {
      if (this.left[index]! <= 0 || !which(fault)) return;
      if (fault.nth !== undefined && nth < fault.nth) return;
      if (fault.urlIncludes !== undefined && !url.includes(fault.urlIncludes)) return;
      hits.push(index);
    });
    return hits;
  }

  /** Uses up one use of fault `index` on request `nth`; false when none is left (armed twice, spent once). */
  spend(index: number, nth: number, url: string): boolean {
    if (this.left[index]! <= 0) return false;
    this.left[index]! -= 1;
    this.fired.push({ fault: this.faults[index]!, index, nth, url });
    return true;
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
