/**
 * Fault-schedule fuzzing with fast-check: several power cuts (later cuts land in the reboot's
 * recovery, since operations are numbered across boots), plus faults of every kind the lab has
 * (cuts by time and by bytes served, a full flash, stalls, DNS and the other link faults), drawn from one seed.
 * A failure is shrunk to the smallest schedule that still breaks an invariant and printed with
 * the command that replays it.
 */
import fc from 'fast-check';
import type { Fault, Scenario } from '../types.ts';
import type { Target } from '../target.ts';
import type { Judge } from './context.ts';
import type { JudgedRun, Violation } from './verdict.ts';
import { fsLossOf } from './fs-loss.ts';
import { replayCommand } from './replay.ts';

export interface FuzzOptions {
  seed: number;
  runs: number;
  path?: string;
  maxBoots: number;
  judge: Judge;
  onRun?: (done: number) => void;
}

export interface FuzzResult {
  runs: number;
  failure: (JudgedRun & { shrunkFrom?: number }) | null;
  ms: number;
}

type FaultOf<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

/**
 * One arbitrary per fault kind the lab has. A mapped type over `Fault['kind']`: a kind added to
 * scenarios/types.ts without an arbitrary here is a type error, so the fuzzer never silently
 * draws a subset (fuzz.test.ts also checks the schema's kinds against these keys).
 */
export type FaultArbitraries = { [K in Fault['kind']]: fc.Arbitrary<FaultOf<K>> };

/** Ranges come from the clean run: flash ops, requests, virtual time and its longest body, with room past their end. */
export function faultArbitraries(cleanOps: number, cleanRequests: number, cleanMs: number, cleanBodyBytes = 4096): FaultArbitraries {
  const opMax = Math.max(1, Math.ceil(cleanOps * 1.5));
  const op = fc.integer({ min: 0, max: opMax - 1 });
  const nth = fc.integer({ min: 1, max: Math.max(1, cleanRequests + 3) });
  return {
    'power-cut': fc.record({ kind: fc.constant('power-cut' as const), op, mode: fc.constantFrom('before' as const, 'after' as const, 'torn' as const) }),
    'power-cut-at-time': fc.record({ kind: fc.constant('power-cut-at-time' as const), atMs: fc.integer({ min: 0, max: Math.max(1, Math.ceil(cleanMs * 1.5)) }) }),
    // From request nth on, the first body longer than afterBytes (any body the clean run saw is).
    'power-cut-at-bytes': fc.record({ kind: fc.constant('power-cut-at-bytes' as const), nth, afterBytes: fc.integer({ min: 0, max: Math.max(0, cleanBodyBytes - 1) }) }),
    'flash-full': fc.record({ kind: fc.constant('flash-full' as const), op }),
    // A load spike at a flash op: it browns the board out only when the scenario's battery is weak enough.
    brownout: fc.record({ kind: fc.constant('brownout' as const), op, amps: fc.constantFrom(0.5, 1, 2) }),
    status: fc.record({ kind: fc.constant('status' as const), nth, status: fc.constantFrom(500, 502, 503, 429) }),
    drop: fc.record({ kind: fc.constant('drop' as const), nth, afterBytes: fc.integer({ min: 0, max: 4096 }) }),
    reset: fc.record({ kind: fc.constant('reset' as const), nth }),
    dns: fc.record({ kind: fc.constant('dns' as const), nth }),
    html: fc.record({ kind: fc.constant('html' as const), nth }),
    corrupt: fc.record({ kind: fc.constant('corrupt' as const), nth, byte: fc.integer({ min: 0, max: 2048 }) }),
    truncate: fc.record({ kind: fc.constant('truncate' as const), nth, afterBytes: fc.integer({ min: 0, max: 2048 }) }),
    // Up to 20 s: past the default 10 s request timeout and past the 8 s watchdog period.
    stall: fc.record({ kind: fc.constant('stall' as const), nth, delayMs: fc.integer({ min: 100, max: 20_000 }) }),
  };
}

/** Several power cuts by op (the core of the campaign), plus up to two faults of any kind. */
export function scheduleArbitrary(cleanOps: number, cleanRequests: number, cleanMs = 60_000, without: readonly Fault['kind'][] = [], cleanBodyBytes = 4096): fc.Arbitrary<Fault[]> {
  const byKind = faultArbitraries(cleanOps, cleanRequests, cleanMs, cleanBodyBytes);
  const any: fc.Arbitrary<Fault> = fc.oneof(...Object.entries(byKind).filter(([kind]) => !without.includes(kind as Fault['kind'])).map(([, arb]) => arb as fc.Arbitrary<Fault>));
  return fc
    .tuple(fc.uniqueArray(byKind['power-cut'], { minLength: 1, maxLength: 3, selector: (c) => c.op }), fc.array(any, { maxLength: 2 }))
    .map(([cuts, others]) => [...[...cuts].sort((a, b) => a.op - b.op), ...others]);
}

/** Every added fault may cost one boot (a cut, or a failed check the lab retries). */
function budget(maxBoots: number, schedule: Fault[]): number {
  return maxBoots + schedule.length;
}

export async function fuzz(target: Target, scenario: Scenario, file: string, opts: FuzzOptions): Promise<FuzzResult> {
  const started = performance.now();
  const base = scenario.faults ?? [];
  const cleanPlan = { faults: base, seed: opts.seed, maxBoots: opts.maxBoots };
  const clean = await target.run(scenario, cleanPlan);
  // A clean run that already fails is the failure: schedules that happen to be waived must not hide it.
  const cleanViolations = opts.judge(clean, []);
  // On FAT, a run whose violations are all FAT's own loss is no failure of the updater (fs-loss.ts).
  if (cleanViolations.length > 0 && (await fsLossOf(target, scenario, cleanPlan, clean, cleanViolations, (r) => opts.judge(r, []))) === null) {
    const replay = replayCommand({ kind: 'run', file, spec: target.spec });
    return { runs: 0, failure: { faults: base, violations: cleanViolations, replay, shrunkFrom: 0 }, ms: performance.now() - started };
  }
  let done = 0;
  let last: { faults: Fault[]; violations: Violation[] } | null = null;
  const longestBody = Math.max(0, ...clean.requests.map((r) => r.bodyBytes));
  const property = fc.asyncProperty(scheduleArbitrary(clean.flashOps, clean.requests.length, clean.virtualTimeMs, [], longestBody), async (schedule) => {
    const faults = [...base, ...schedule];
    const plan = { faults, seed: opts.seed, maxBoots: budget(opts.maxBoots, schedule) };
    const run = await target.run(scenario, plan);
    const violations = opts.judge(run, schedule);
    done++;
    opts.onRun?.(done);
    if (violations.length > 0 && (await fsLossOf(target, scenario, plan, run, violations, (r) => opts.judge(r, schedule))) === null) {
      last = { faults, violations };
      return false;
    }
    return true;
  });
  const out = await fc.check(property, { seed: opts.seed, numRuns: opts.runs, path: opts.path, endOnFailure: false });
  if (!out.failed || out.counterexample === null) return { runs: out.numRuns, failure: null, ms: performance.now() - started };
  // Re-run the shrunk counterexample so the report shows its own violations, not the last shrink step's.
  const faults = [...base, ...out.counterexample[0]];
  const run = await target.run(scenario, { faults, seed: opts.seed, maxBoots: budget(opts.maxBoots, out.counterexample[0]) });
  const violations = opts.judge(run, out.counterexample[0]);
  const fallback = last as { violations: Violation[] } | null;
  return {
    runs: out.numRuns,
    failure: {
      faults,
      violations: violations.length > 0 ? violations : (fallback?.violations ?? [{ invariant: 'error', message: String(out.errorInstance) }]),
      replay: replayCommand({ kind: 'fuzz', file, seed: out.seed, path: out.counterexamplePath ?? '', runs: opts.runs, spec: target.spec }),
      shrunkFrom: out.numShrinks,
    },
    ms: performance.now() - started,
  };
}
