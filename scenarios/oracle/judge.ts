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

export function judge(scenario: Scenario, run: RunResult, ctx: OracleContext): Verdict[] {
  const facts = buildFacts(scenario, run, ctx);
  return INVARIANTS.flatMap((check) => check(facts));
}
