/** `otalab sim run|sweep|fuzz|diff`: one scenario on the simulated Pico W, in depth. */
import type { Command } from 'commander';
import { loadOne } from '../library.ts';
import { targetFromSpec } from '../targets.ts';
import { parseSeed } from '../seed.ts';
import { addIgnoredSeed, addTargetOptions, specOf, type TargetFlags } from '../target-options.ts';
import { quote, targetFlags } from '../../scenarios/lab/replay.ts';
import { judgeFor } from '../../scenarios/lab/context.ts';
import { sweep } from '../../scenarios/lab/sweep.ts';
import { fuzz } from '../../scenarios/lab/fuzz.ts';
import { diff } from '../../scenarios/lab/diff.ts';
import type { RunResult } from '../../scenarios/target.ts';
import type { CutMode, Fault } from '../../scenarios/types.ts';
import type { Violation } from '../../scenarios/lab/verdict.ts';

const out = (s: string) => process.stdout.write(s + '\n');
const MODES: CutMode[] = ['before', 'after', 'torn'];

function printRun(run: RunResult, violations: Violation[], faults: Fault[]): void {
  if (faults.length > 0) out(`faults: ${faults.map((f) => JSON.stringify(f)).join(' ')}`);
  for (const b of run.boots) out(`boot ${b.index} (${b.cause}): ${b.end}${b.outcome ? ` — ${b.outcome}` : ''}`);
  out(`${run.flashOps} flash ops, ${run.requests.length} requests, ${run.requests.reduce((n, r) => n + r.bodyBytes, 0)} bytes received, ${(run.virtualTimeMs / 1000).toFixed(2)} s virtual time, ${run.watchdogResets} watchdog resets, max watchdog feed gap ${run.maxFeedGapMs.toFixed(1)} ms`);
  const version = run.files.get('version.json');
  out(`version.json: ${version ? new TextDecoder().decode(version) : '(absent)'}`);
  const errors = run.files.get('ota_error.json');
  if (errors) out(`ota_error.json: ${new TextDecoder().decode(errors)}`);
  if (run.unfired.length > 0) out(`faults that never fired: ${run.unfired.map((f) => JSON.stringify(f)).join(' ')}`);
  if (violations.length === 0) out('oracle: all invariants hold');
  for (const v of violations) out(`VIOLATION ${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseFault(text: string): Fault {
  try {
    const f = JSON.parse(text) as Fault;
    if (typeof f !== 'object' || f === null || typeof f.kind !== 'string') throw new Error('needs a "kind"');
    return f;
  } catch (err) {
    throw new Error(`--fault must be a JSON fault object such as {"kind":"power-cut","op":12,"mode":"torn"} (${(err as Error).message})`);
  }
}

function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || index > count) throw new Error(`--shard must look like 2/4 (shard 2 of 4), got "${text}"`);
  return { index, count };
}

export function registerSim(program: Command, setCode: (c: number) => void): void {
  const sim = program.command('sim').description('run one scenario on the simulated Pico W');

  const runCmd = sim
    .command('run <scenario>')
    .description('one run: boots, requests, final state, oracle verdicts')
    .option('--log', 'print the updater log')
    .option('--fault <json>', 'add a fault to the scenario\'s own, e.g. \'{"kind":"power-cut","op":12}\' (repeatable)', collect, []);
  addIgnoredSeed(addTargetOptions(runCmd))
    .action(async (file: string, opts: TargetFlags & { log?: boolean; fault: string[] }) => {
      const { scenario } = await loadOne(file);
      const target = targetFromSpec(specOf(opts), { keepLog: opts.log });
      const added = opts.fault.map(parseFault);
      const faults = [...(scenario.faults ?? []), ...added];
      const run = await target.run(scenario, { faults, maxBoots: (scenario.maxBoots ?? 8) + added.length });
      if (opts.log) for (const line of run.log) out(line);
      const violations = judgeFor(scenario)(run, added);
      printRun(run, violations, faults);
      setCode(violations.length > 0 ? 1 : 0);
    });

  const sweepCmd = sim
    .command('sweep <scenario>')
    .description('cut power at every flash operation (before, after, torn) and judge each run')
    .option('--op <k>', 'replay one fault point: the operation index')
    .option('--mode <mode>', 'with --op: before, after or torn', 'before')
    .option('--shard <i/n>', 'run every n-th point starting at i (CI matrix)');
  addIgnoredSeed(addTargetOptions(sweepCmd))
    .action(async (file: string, opts: TargetFlags & { op?: string; mode: string; shard?: string }) => {
      const loaded = await loadOne(file);
      const { scenario } = loaded;
      const target = targetFromSpec(specOf(opts), { keepLog: opts.op !== undefined });
      const judge = judgeFor(scenario);
      const maxBoots = scenario.maxBoots ?? 8;
      if (opts.op !== undefined) {
        const op = Number(opts.op);
        if (!Number.isInteger(op) || op < 0) throw new Error(`--op must be a non-negative integer, got "${opts.op}"`);
        if (!MODES.includes(opts.mode as CutMode)) throw new Error(`--mode must be one of ${MODES.join(', ')}, got "${opts.mode}"`);
        const cut: Fault = { kind: 'power-cut', op, mode: opts.mode as CutMode };
        const faults: Fault[] = [...(scenario.faults ?? []), cut];
        const run = await target.run(scenario, { faults, maxBoots: maxBoots + 1 });
        const violations = judge(run, [cut]);
        printRun(run, violations, faults);
        setCode(violations.length > 0 ? 1 : 0);
        return;
      }
      const tty = process.stderr.isTTY;
      const result = await sweep(target, scenario, loaded.file, {
        maxBoots,
        judge,
        shard: parseShard(opts.shard),
        onPoint: (done, total) => {
          if (tty && (done % 25 === 0 || done === total)) process.stderr.write(`\r${done}/${total} fault points`);
        },
      });
      if (tty) process.stderr.write('\n');
      out(`${scenario.name}: ${result.cleanOps} flash ops in the clean run; ${result.explored} fault points explored (${result.merged} more leave the same state as another mode at their op on ${opts.flash} and were merged), ${result.failedPoints.length} violations, max watchdog feed gap ${result.maxFeedGapMs.toFixed(1)} ms, ${(result.ms / 1000).toFixed(2)} s (${Math.round(result.explored / (result.ms / 1000))} points/s)`);
      for (const v of result.clean.violations) out(`clean run VIOLATION ${v.invariant}: ${v.message}`);
      if (result.clean.violations.length > 0) out(`  replay: ${result.clean.replay}`);
      for (const f of result.failures.slice(0, 20)) {
        out(`VIOLATION at ${JSON.stringify(f.faults.at(-1))}: ${f.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ')}\n  replay: ${f.replay}`);
      }
      const more = result.failedPoints.length - Math.min(20, result.failures.length);
      if (more > 0) out(`… and ${more} more violating points: ${result.failedPoints.slice(Math.min(20, result.failures.length)).map((p) => `${p.op}/${p.mode}`).join(' ')}`);
      setCode(result.failedPoints.length > 0 || result.clean.violations.length > 0 ? 1 : 0);
    });

  const fuzzCmd = sim
    .command('fuzz <scenario>')
    .description('random fault schedules (several cuts, cuts during recovery, network faults), shrunk on failure')
    .option('--runs <n>', 'schedules to try', '100')
    .option('--seed <n>', 'seed', '1')
    .option('--path <p>', 'replay path printed by a failing run');
  addTargetOptions(fuzzCmd)
    .action(async (file: string, opts: TargetFlags & { runs: string; seed: string; path?: string }) => {
      const loaded = await loadOne(file);
      const runs = Number(opts.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${opts.runs}"`);
      const seed = parseSeed(opts.seed);
      const target = targetFromSpec(specOf(opts));
      const tty = process.stderr.isTTY;
      const result = await fuzz(target, loaded.scenario, loaded.file, {
        seed,
        runs,
        path: opts.path,
        maxBoots: loaded.scenario.maxBoots ?? 8,
        judge: judgeFor(loaded.scenario),
        onRun: (done) => {
          if (tty && done % 10 === 0) process.stderr.write(`\r${done} runs`);
        },
      });
      if (tty) process.stderr.write('\n');
      if (!result.failure) {
        out(`${loaded.scenario.name}: ${result.runs} fault schedules, no violation (seed ${seed}; ${(result.ms / 1000).toFixed(2)} s)`);
        out(`  rerun: npx otalab sim fuzz ${quote(loaded.file)} --seed ${seed} --runs ${runs}${targetFlags(target.spec)}`);
        setCode(0);
        return;
      }
      out(`${loaded.scenario.name}: ${result.runs === 0 ? 'the clean run fails (no schedule needed)' : `FAILED after ${result.runs} schedules (shrunk ${result.failure.shrunkFrom ?? 0} times)`}`);
      out(`faults: ${result.failure.faults.map((f) => JSON.stringify(f)).join(' ')}`);
      for (const v of result.failure.violations) out(`VIOLATION ${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`);
      out(`replay: ${result.failure.replay}`);
      setCode(1);
    });

  const diffCmd = sim
    .command('diff <scenario>')
    .description('differential fuzzing: the same random fault schedules on both updaters (ts and micropython); any observable difference fails')
    .option('--runs <n>', 'schedules to try', '100')
    .option('--seed <n>', 'seed', '1')
    .option('--path <p>', 'replay path printed by a failing run');
  addTargetOptions(diffCmd, 'diff')
    .action(async (file: string, opts: TargetFlags & { runs: string; seed: string; path?: string }) => {
      const loaded = await loadOne(file);
      const runs = Number(opts.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${opts.runs}"`);
      const seed = parseSeed(opts.seed);
      const right = specOf(opts, 'micropython');
      const [left, rightTarget] = [targetFromSpec({ name: 'ts', flash: right.flash, ...(right.flashTiming ? { flashTiming: right.flashTiming } : {}), updaterFiles: true }), targetFromSpec(right)];
      const { scenario } = loaded;
      const skip = [left, rightTarget].flatMap((t) => [t.cannotRun?.(scenario) ?? null, ...(scenario.faults ?? []).map((f) => t.cannot(f))].filter((r) => r !== null).map((r) => `${t.name}: ${r}`));
      if (skip.length > 0) {
        out(`${scenario.name}: skipped (${skip.join('; ')})`);
        setCode(0);
        return;
      }
      const tty = process.stderr.isTTY;
      const result = await diff(left, rightTarget, scenario, loaded.file, {
        seed,
        runs,
        path: opts.path,
        maxBoots: scenario.maxBoots ?? 8,
        judge: judgeFor(scenario),
        onRun: (done) => {
          if (tty && done % 5 === 0) process.stderr.write(`\r${done} schedules`);
        },
      });
      if (tty) process.stderr.write('\n');
      if (!result.failure) {
        out(`${scenario.name}: ${result.runs} fault schedules on ts and micropython, no difference, no violation (${result.cleanOps} flash ops in the clean run; seed ${seed}; ${(result.ms / 1000).toFixed(2)} s)`);
        setCode(0);
        return;
      }
      const f = result.failure;
      out(`${scenario.name}: ${result.runs === 0 ? 'the clean runs differ' : `FAILED after ${result.runs} schedules (shrunk ${f.shrunkFrom} times)`}`);
      out(`faults: ${f.faults.length > 0 ? f.faults.map((x) => JSON.stringify(x)).join(' ') : '(none)'}`);
      for (const d of f.differences) out(`DIFFERENCE ${d.what}: ${d.message}`);
      for (const t of f.violations) for (const v of t.violations) out(`VIOLATION on ${t.target} ${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`);
      out(`replay: ${f.replay}`);
      setCode(1);
    });
}
