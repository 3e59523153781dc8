/** The oracle: every invariant applied to one run. An empty list means the run passed. */
import type { RunResult } from '../target.ts';
import type { Scenario } from '../types.ts';
import { checkAtomic } from './atomic.ts';
import { checkClean } from './clean.ts';
import { checkConsistent } from './consistent.ts';
import { checkContained } from './contained.ts';
import { checkExpectation } from './expectation.ts';
import { buildFacts } from './facts.ts';
import { checkLive } from './live.ts';
import { checkRecorded } from './recorded.ts';
import { checkRefusedUnwritten } from './refused-unwritten.ts';
import { checkSecretSafe } from './secret-safe.ts';
import type { InvariantCheck, OracleContext, Verdict } from './types.ts';
import { checkWatchdogSafe } from './watchdog-safe.ts';
import { guaranteedExpectation } from './policy.ts';

/** In the order architecture.md lists them; `expectation` last. */
export const INVARIANTS: readonly InvariantCheck[] = [
  checkAtomic,
  checkConsistent,
  checkClean,
  checkLive,
  checkContained,
  checkRecorded,
  checkWatchdogSafe,
  checkSecretSafe,
  checkRefusedUnwritten,
  checkExpectation,
];

/** The checks a foreign updater's run is judged by (policy.ts): the guarantees, and the expectation's guaranteed part. */
const FOREIGN: readonly InvariantCheck[] = [checkAtomic, checkConsistent, checkLive, checkContained, checkWatchdogSafe, checkSecretSafe, checkExpectation];

/** One copy per scenario with only the guaranteed expectations (facts are cached per scenario object). */
const foreignScenarios = new WeakMap<Scenario, Scenario>();

export function judge(scenario: Scenario, run: RunResult, ctx: OracleContext): Verdict[] {
  if (run.updater !== undefined) {
    let judged = foreignScenarios.get(scenario);
    if (!judged) foreignScenarios.set(scenario, (judged = { ...scenario, expect: guaranteedExpectation(scenario.expect) }));
    const facts = buildFacts(judged, run, ctx);
    return FOREIGN.flatMap((check) => check(facts));
  }
  const facts = buildFacts(scenario, run, ctx);
  return INVARIANTS.flatMap((check) => check(facts));
}
