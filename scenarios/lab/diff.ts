/**
 * Differential fuzzing: one fault schedule, two updaters (core/ on `ts`, device/ on `micropython`),
 * the same virtual Pico W. Whatever a user could observe must be equal: every final file (for
 * ota_error.json the sequence of error codes — messages and times are allowed to differ; the ms
 * deadlines of ota_state.json within a second), the
 * HTTP requests (method + URL, in order), how each boot ended, the status LED's patterns, and the kinds of flash operations
 * in order (so a cut at op k means the same step on both). Both runs are judged by the oracle too.
 * Schedules are drawn exactly as `sim fuzz` draws them, and fast-check shrinks a difference.
 */
import fc from 'fast-check';
import type { Fault, Scenario } from '../types.ts';
import type { RunResult, Target, TargetSpec } from '../target.ts';
import { quote, targetFlags } from './replay.ts';
import { commitFiles } from '../../sim/github/files.ts';
import { firmwareFiles, withoutFirmware } from '../../sim/micropython/firmware.ts';
import { provision } from '../state/index.ts';
import { shaOfScenario } from './context.ts';
import type { Violation } from './verdict.ts';
import { scheduleArbitrary, type FuzzOptions } from './fuzz.ts';

/** One observable that differs between the two runs. */
export interface Difference {
  what: 'files' | 'requests' | 'boots' | 'flash-ops' | 'led' | 'error';
  message: string;
}

/** The same knobs as a fuzz run: a diff is a fuzz run on two targets. */
export type DiffOptions = FuzzOptions;

/** A schedule whose runs differ (or break an invariant on either side), with everything to see why. */
export interface DiffFailure {
  faults: Fault[];
  differences: Difference[];
  violations: { target: string; violations: Violation[] }[];
  replay: string;
  shrunkFrom: number;
}

export interface DiffResult {
  /** Schedules run on both targets (the clean run not counted). */
  runs: number;
  /** Flash operations of the clean run (equal on both sides when `failure` is null). */
  cleanOps: number;
  failure: DiffFailure | null;
  ms: number;
}

const text = new TextDecoder('utf-8', { fatal: false });

/** ota_error.json as the user-relevant part: the codes in order (or its raw text if it does not parse). */
function errorCodes(bytes: Uint8Array): string {
  const raw = text.decode(bytes);
  try {
    const doc = JSON.parse(raw) as { errors?: unknown };
    if (!Array.isArray(doc.errors)) return raw;
    return `error codes: ${doc.errors.map((e) => String(typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : e)).join(', ') || '(none)'}`;
  } catch {
    return raw;
  }
}

/** Every final file, as text to compare (ota_error.json reduced to its codes). */
export function observedFiles(run: RunResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, bytes] of run.files) out.set(p, p === 'ota_error.json' || p === 'ota_error.json.tmp' ? errorCodes(bytes) : text.decode(bytes));
  return out;
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/**
 * Epoch-ms fields of the state files, which device/ derives from `time.time()` in whole seconds
 * (device/README.md, "Clock") and core from its ms clock: equal within a second. ota_state.json's
 * deadlines, and the journal's `created` (a run can end with a journal on the board: mid-trial,
 * or a rollback kept for the next boot) — also in their temporaries, which a cut can leave.
 * The polling times (`last_check`, `next_check_at`) are whole seconds on both sides (SPEC §3), so
 * two runs a few ms apart may write values one second apart: for them a difference of 1000 is
 * still equal.
 */
const MS_FIELDS: Record<string, 'all' | readonly string[]> = {
  'ota_state.json': 'all',
  'ota_state.json.tmp': 'all',
  'ota_journal.json': ['created'],
  'ota_journal.json.tmp': ['created'],
};

const WHOLE_SECOND_FIELDS: readonly string[] = ['last_check', 'next_check_at'];

function sameWithinASecond(a: string, b: string, fields: 'all' | readonly string[]): boolean {
  try {
    const [x, y] = [JSON.parse(a) as Record<string, unknown>, JSON.parse(b) as Record<string, unknown>];
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
    const loose = (k: string) => fields === 'all' || fields.includes(k);
    return keys.every((k) => {
      if (JSON.stringify(x[k]) === JSON.stringify(y[k])) return true;
      const slack = WHOLE_SECOND_FIELDS.includes(k) ? 1000 : 999;
      return loose(k) && typeof x[k] === 'number' && typeof y[k] === 'number' && Math.abs(x[k] - y[k]) <= slack;
    });
  } catch {
    return false;
  }
}

function compareFiles(a: RunResult, b: RunResult): Difference[] {
  const fa = observedFiles(a);
  const fb = observedFiles(b);
  const out: Difference[] = [];
  for (const p of [...new Set([...fa.keys(), ...fb.keys()])].sort()) {
    const va = fa.get(p);
    const vb = fb.get(p);
    if (va === vb) continue;
    const fields = MS_FIELDS[p];
    if (fields !== undefined && va !== undefined && vb !== undefined && sameWithinASecond(va, vb, fields)) continue;
    const show = (v: string | undefined) => (v === undefined ? '(absent)' : JSON.stringify(clip(v)));
    out.push({ what: 'files', message: `${p}:\n    ${a.target}: ${show(va)}\n    ${b.target}: ${show(vb)}` });
  }
  return out;
}

/** The first index where two sequences part, shown with a little context on both sides. */
function compareSequence(what: Difference['what'], label: string, a: RunResult, b: RunResult, xs: string[], ys: string[]): Difference[] {
  const n = Math.max(xs.length, ys.length);
  let i = 0;
  while (i < n && xs[i] === ys[i]) i++;
  if (i === n) return [];
  const from = Math.max(0, i - 2);
  const show = (s: string[]) => s.slice(from, i + 3).map((x, k) => `${from + k === i ? '>' : ' '}${from + k}: ${x}`).join('\n      ') || '(none)';
  return [
    {
      what,
      message: `${label} part at #${i} (${a.target} has ${xs.length}, ${b.target} has ${ys.length}):\n    ${a.target}:\n      ${show(xs)}\n    ${b.target}:\n      ${show(ys)}`,
    },
  ];
}

/** Everything a user could tell apart between two runs of one schedule; empty when they agree. */
export function compareRuns(a: RunResult, b: RunResult): Difference[] {
  const requests = (r: RunResult) => r.requests.map((q) => `${q.method} ${q.url}`);
  const ends = (r: RunResult) => r.boots.map((x) => x.end);
  const kinds = (r: RunResult) => r.ops.map((o) => o.kind);
  return [
    ...compareSequence('flash-ops', 'flash operation kinds', a, b, kinds(a), kinds(b)),
    ...compareFiles(a, b),
    ...compareSequence('requests', 'HTTP requests', a, b, requests(a), requests(b)),
    ...compareSequence('boots', 'boot ends', a, b, ends(a), ends(b)),
    // The status LED as a person would read it (both sides watch the same board's pin).
    ...(a.led !== undefined && b.led !== undefined ? compareSequence('led', 'status LED patterns', a, b, a.led, b.led) : []),
  ];
}

/**
 * The `sim diff` line that reproduces a result: `spec` is the micropython side's (its flash and
 * updater; the ts side always carries the updater files). A clean-run difference has no random
 * choice behind it: `seed` null, no --seed printed.
 */
export function diffReplayCommand(file: string, seed: number | null, path: string, runs: number, spec?: TargetSpec): string {
  const s = seed === null ? '' : ` --seed ${seed}${path ? ` --path ${path}` : ''}`;
  return `npx otalab sim diff ${quote(file)}${s} --runs ${runs}${targetFlags(spec && { ...spec, updaterFiles: false }, { withTarget: false })}`;
}

/**
 * A target whose board starts with the MicroPython updater's own files (boot.py, lib/…) as the
 * `micropython` board does, and hides them again from what it reports while unchanged (as that
 * target does). Without them the two boards differ before any updater runs: a release adding
 * `lib/x.py` must create `lib` on one board and not on the other, so the journals' `mkdirs`, the
 * op logs and the free space part (found by `sim diff` on developer-channel's clean run).
 */
export function withUpdaterFiles(inner: Target): Target {
  const firmware = firmwareFiles();
  const variants = new WeakMap<Scenario, { scenario: Scenario; hidden: Map<string, Uint8Array> }>();
  const variantOf = (scenario: Scenario) => {
    let v = variants.get(scenario);
    if (v) return v;
    // The scenario's own provisioned files win a collision, as on the micropython board.
    const own = provision(scenario, shaOfScenario(scenario));
    const added = Object.fromEntries([...firmware.keys()].filter((p) => !own.has(p)).map((p) => [p, { device: p }]));
    const named = new Set([...Object.keys(scenario.device.files ?? {}), ...Object.keys(scenario.expect.files ?? {})]);
    for (const repo of scenario.server.repos) for (const label of Object.keys(repo.commits)) for (const p of commitFiles(repo, label).keys()) named.add(p);
    const hidden = new Map([...firmware].filter(([p]) => !named.has(p)));
    v = { scenario: { ...scenario, device: { ...scenario.device, files: { ...added, ...scenario.device.files } } }, hidden };
    variants.set(scenario, v);
    return v;
  };
  return {
    name: inner.name,
    spec: inner.spec && { ...inner.spec, updaterFiles: true },
    cannot: (f) => inner.cannot(f),
    cannotRun: (scenario) => inner.cannotRun?.(scenario) ?? null,
    run: async (scenario, plan) => {
      const { scenario: variant, hidden } = variantOf(scenario);
      const run = await inner.run(variant, plan);
      const strip = (files: Map<string, Uint8Array>) => withoutFirmware(new Map(files), hidden);
      return {
        ...run,
        files: strip(run.files),
        boots: run.boots.map((b) => ({ ...b, afterRecovery: b.afterRecovery && strip(b.afterRecovery) })),
        versionWrites: run.versionWrites?.map((w) => ({ ...w, files: strip(w.files) })),
      };
    },
  };
}

/**
 * Fault kinds a diff never draws, because they cannot land at the same step on both updaters. A
 * cut by time: the two spend virtual time differently (the interpreter's costs are not core's). A
 * cut by bytes served: core writes a body in the chunks fetch hands it, device/ in its socket
 * reads, so the same byte lands after a different number of flash writes (measured on
 * power-cut-mid-download: 4 writes of the file before the cut on ts, 5 on micropython).
 */
export const NEVER_DRAWN: readonly Fault['kind'][] = ['power-cut-at-time', 'power-cut-at-bytes'];

/** Prefix of the reason a scenario is skipped by `sim diff` (counted as skipped, never as passed). */
export const NOT_COMPARED = 'NOT_COMPARED';

/** Why the two updaters cannot be compared op by op on this scenario's own faults, or null. */
export function notCompared(scenario: Scenario): string | null {
  const own = (scenario.faults ?? []).find((f) => f.kind === 'power-cut-at-bytes');
  if (own === undefined) return null;
  return `${NOT_COMPARED}: the scenario cuts power after ${own.afterBytes} body bytes (power-cut-at-bytes); ts and micropython write a body in different chunks, so the cut lands after a different number of flash operations and the runs cannot be compared op by op (run it on each target with \`suite --filter ${scenario.name}\`)`;
}

/** Every added fault may cost one boot (a cut, or a failed check the lab retries), as in `fuzz`. */
const budget = (maxBoots: number, schedule: Fault[]) => maxBoots + schedule.length;

interface Outcome {
  differences: Difference[];
  violations: { target: string; violations: Violation[] }[];
}

async function runBoth(left: Target, right: Target, scenario: Scenario, schedule: Fault[], opts: DiffOptions): Promise<Outcome & { a: RunResult }> {
  const faults = [...(scenario.faults ?? []), ...schedule];
  const plan = { faults, seed: opts.seed, maxBoots: budget(opts.maxBoots, schedule) };
  const a = await left.run(scenario, plan);
  const b = await right.run(scenario, plan);
  const violations = [
    { target: a.target, violations: opts.judge(a, schedule) },
    { target: b.target, violations: opts.judge(b, schedule) },
  ].filter((v) => v.violations.length > 0);
  return { a, differences: compareRuns(a, b), violations };
}

const failing = (o: Outcome) => o.differences.length > 0 || o.violations.length > 0;

/**
 * Runs the scenario clean on both targets (its own faults only), then `opts.runs` random fault
 * schedules. A clean run that differs stops there: if the op logs part, cut indices would not mean
 * the same step on both sides and every later comparison would be noise.
 */
export async function diff(left: Target, right: Target, scenario: Scenario, file: string, opts: DiffOptions): Promise<DiffResult> {
  const started = performance.now();
  const clean = await runBoth(left, right, scenario, [], opts);
  const cleanOps = clean.a.flashOps;
  if (failing(clean)) {
    const failure = { faults: scenario.faults ?? [], ...clean, replay: diffReplayCommand(file, null, '', opts.runs, right.spec), shrunkFrom: 0 };
    return { runs: 0, cleanOps, failure, ms: performance.now() - started };
  }
  let done = 0;
  // No cuts by time or by bytes (NEVER_DRAWN): they fall at different operations on the two
  // updaters; cuts by op compare like for like.
  const property = fc.asyncProperty(scheduleArbitrary(cleanOps, clean.a.requests.length, clean.a.virtualTimeMs, NEVER_DRAWN), async (schedule) => {
    const o = await runBoth(left, right, scenario, schedule, opts);
    done++;
    opts.onRun?.(done);
    return !failing(o);
  });
  const out = await fc.check(property, { seed: opts.seed, numRuns: opts.runs, path: opts.path, endOnFailure: false });
  if (!out.failed || out.counterexample === null) return { runs: out.numRuns, cleanOps, failure: null, ms: performance.now() - started };
  const schedule = out.counterexample[0];
  // Re-run the shrunk schedule so the report shows its own differences, not the last shrink step's.
  let o: Outcome;
  try {
    o = await runBoth(left, right, scenario, schedule, opts);
  } catch (err) {
    o = { differences: [{ what: 'error', message: `a target threw: ${(err as Error).stack ?? String(err)}` }], violations: [] };
  }
  if (!failing(o)) o.differences.push({ what: 'error', message: `the property failed: ${String(out.errorInstance)}` });
  return {
    runs: out.numRuns,
    cleanOps,
    failure: {
      faults: [...(scenario.faults ?? []), ...schedule],
      differences: o.differences,
      violations: o.violations,
      replay: diffReplayCommand(file, out.seed, out.counterexamplePath ?? '', opts.runs, right.spec),
      shrunkFrom: out.numShrinks,
    },
    ms: performance.now() - started,
  };
}
