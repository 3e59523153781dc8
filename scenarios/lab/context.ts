/**
 * What the oracle needs to know about a scenario besides the run: the real commit SHAs behind its
 * labels (computed by the same deterministic fake GitHub the targets use) and which hosts may see
 * the token.
 */
import { GitHubModel } from '../../sim/github/model.ts';
import { judge } from '../oracle/index.ts';
import { labelRepo } from '../state/index.ts';
import type { RunResult } from '../target.ts';
import type { Fault, Scenario } from '../types.ts';
import type { Violation } from './verdict.ts';
import { unfiredViolations } from './unfired.ts';
import { isPowerCutFault, plannedCuts } from '../planned-cuts.ts';

const DEFAULT_API = 'https://api.github.com';
const DEFAULT_RAW = 'https://raw.githubusercontent.com';

export function apiHostsOf(scenario: Scenario): string[] {
  const c = scenario.device.config;
  const host = (v: unknown, fallback: string) => {
    try {
      return new URL(typeof v === 'string' ? v : fallback).host;
    } catch {
      return new URL(fallback).host;
    }
  };
  return [host(c.api_base, DEFAULT_API), host(c.raw_base, DEFAULT_RAW)];
}

export function shaOfScenario(scenario: Scenario): (label: string) => string {
  const model = new GitHubModel(scenario.server, { now: () => 0 });
  const repo = labelRepo(scenario);
  const full = `${repo.owner}/${repo.name}`;
  const cache = new Map<string, string>();
  return (label) => {
    let sha = cache.get(label);
    if (sha === undefined) cache.set(label, (sha = model.commitSha(full, label)));
    return sha;
  };
}

/**
 * Judges a run of the scenario whose plan was the scenario's faults plus `added`. The scenario's
 * own faults must fire (unless optional) in a run the lab added nothing to, and with
 * `addedMustFire` — true where a person chose the added faults (`sim run --fault`, `sim sweep --op`),
 * which must fire too. Where the lab drew them (a sweep's cut, a fuzz schedule) an added fault may
 * stop the run before the scenario's own fault is reached (a full flash from op 0 means no update
 * is ever attempted), so neither is required to fire: the clean run already proved the own faults do.
 */
export type Judge = (run: RunResult, added: readonly Fault[], options?: { addedMustFire?: boolean }) => Violation[];

/** Faults that cost a boot by stopping the board (a byte cut too, though the link makes it), not a failed check. */
const isDeviceFault = (f: Fault) => isPowerCutFault(f) || f.kind === 'flash-full';

export function judgeFor(scenario: Scenario): Judge {
  const shaOf = shaOfScenario(scenario);
  const apiHosts = apiHostsOf(scenario);
  const own = scenario.faults ?? [];
  return (run, added, options) => [
    ...judge(scenario, run, {
      shaOf,
      apiHosts,
      faultFree: own.length === 0 && added.length === 0,
      addedLinkFaults: added.filter((f) => !isDeviceFault(f)).length,
      flashFilled: added.some((f) => f.kind === 'flash-full'),
      addedCuts: plannedCuts(added),
    }),
    ...unfiredViolations(run, options?.addedMustFire ? [...own, ...added] : added.length === 0 ? own : []),
  ];
}
