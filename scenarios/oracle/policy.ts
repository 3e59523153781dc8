/**
 * What every updater must guarantee versus what is our updater's policy. A foreign updater
 * (`--updater` with an adapter, scenarios/targets/foreign.ts) is judged on the guarantees only;
 * the policy checks are reported as "not applicable", never as passed.
 */
import type { Expectation } from '../types.ts';
import type { Invariant } from './types.ts';

/** Old-or-new never a mix, a version record that names what is installed, nothing else touched, convergence, the watchdog, the token. */
export const GUARANTEES: readonly Invariant[] = ['atomic', 'consistent', 'contained', 'live', 'watchdog-safe', 'secret-safe'];

/** No leftovers, structured error records, refused bodies never written: how our updater does its job. */
export const POLICY_INVARIANTS: readonly Invariant[] = ['clean', 'recorded', 'refused-unwritten'];

/** Expectation keys that are always policy (our error codes, our request and boot budgets). */
export const POLICY_EXPECTATIONS: readonly (keyof Expectation)[] = ['error', 'noErrors', 'bootsAtMost', 'requestsAtMost', 'rejected', 'wire'];

/** The expectation a foreign updater is held to: end version, ref and files, less what the scenario marks as policy. */
export function guaranteedExpectation(e: Expectation): Expectation {
  const out: Expectation = {};
  const policy = new Set<string>(e.policy ?? []);
  if (e.version !== undefined && !policy.has('version')) out.version = e.version;
  if (e.ref !== undefined && !policy.has('ref')) out.ref = e.ref;
  if (e.files !== undefined && !policy.has('files')) out.files = e.files;
  return out;
}

/** The checks not applicable to a foreign updater on a scenario, as the reports list them. */
export function notApplicable(e: Expectation): string[] {
  const policy = new Set<string>(e.policy ?? []);
  const keys = [...POLICY_EXPECTATIONS.filter((k) => e[k] !== undefined), ...(['version', 'ref', 'files'] as const).filter((k) => e[k] !== undefined && policy.has(k))];
  return [...POLICY_INVARIANTS, ...keys.map((k) => `expect.${k}`)];
}
