/** `otalab sim run|sweep|fuzz|diff`: one scenario on the simulated Pico W, in depth. */
import { isForeign } from '../../scenarios/targets/adapter/load.ts';
import { Option, type Command } from 'commander';
import { loadOne } from '../library.ts';
import { targetFromSpec } from '../targets.ts';
import { parseSeed } from '../seed.ts';
import { addIgnoredSeed, addTargetOptions, specOf, type TargetFlags } from '../target-options.ts';
import { quote, targetFlags } from '../../scenarios/lab/replay.ts';
import { onInterrupt } from '../interrupt.ts';
import { startTicker } from '../report/ticker.ts';
import { parseFault } from '../../scenarios/load/index.ts';
import { describeFault, whyUnfired } from '../../scenarios/lab/unfired.ts';
import { judgeFor } from '../../scenarios/lab/context.ts';
import { sweep } from '../../scenarios/lab/sweep.ts';
import { fsLossOf } from '../../scenarios/lab/fs-loss.ts';
import { fuzz } from '../../scenarios/lab/fuzz.ts';
import { diff, notCompared } from '../../scenarios/lab/diff.ts';
import type { RunResult } from '../../scenarios/target.ts';
import type { CutMode, Fault } from '../../scenarios/types.ts';
import type { Violation } from '../../scenarios/lab/verdict.ts';

const out = (s: string) => process.stdout.write(s + '\n');
const MODES: CutMode[] = ['before', 'after', 'torn'];

/**
 * On FAT: when every violation is FAT's own loss (fs-loss.ts), says so with what it destroyed and
 * returns true (exit 0: no updater failure, as the suite counts it).
 */
function printFsLoss(lost: string[] | null): boolean {
  if (lost === null) return false;
  out(`FAT LOSS: a torn directory sector destroyed ${lost.join(', ')}; every violation above follows from that (the same run with them kept breaks nothing): FAT is not power-safe, littlefs is. Not an updater failure.`);
  return true;
}

function printRun(run: RunResult, violations: Violation[], faults: Fault[]): void {
  if (faults.length > 0) out(`faults: ${faults.map((f) => JSON.stringify(f)).join(' ')}`);
  for (const b of run.boots) out(`boot ${b.index} (${b.cause}): ${b.end}${b.outcome ? ` — ${b.outcome}` : ''}`);
  out(`${run.flashOps} flash ops, ${run.requests.length} requests, ${run.requests.reduce((n, r) => n + r.bodyBytes, 0)} bytes received, ${(run.virtualTimeMs / 1000).toFixed(2)} s virtual time, ${run.watchdogResets} watchdog resets, max watchdog feed gap ${run.maxFeedGapMs.toFixed(1)} ms`);
  if (run.led !== undefined && run.led.length > 0) out(`status LED: ${run.led.join(', ')}`);
  const version = run.files.get('version.json');
  out(`version.json: ${version ? new TextDecoder().decode(version) : '(absent)'}`);
  const errors = run.files.get('ota_error.json');
  if (errors) out(`ota_error.json: ${new TextDecoder().decode(errors)}`);
  for (const f of run.unfired.filter((u) => u.optional === true)) out(`optional fault ${describeFault(f)} never fired: ${whyUnfired(f, run)}`);
  if (violations.length === 0) out(run.updater !== undefined ? 'oracle: every guarantee holds' : 'oracle: all invariants hold');
  // A foreign updater is not held to our policy: said, so silence is never read as a pass.
  if (run.updater !== undefined) out(`not applicable to ${run.updater} (otalab's own policy): clean, recorded, refused-unwritten, and the error/noErrors/bootsAtMost/requestsAtMost/rejected expectations (docs/updater-adapter.md)`);
  for (const v of violations) out(`VIOLATION ${v.invariant}${v.boot !== undefined ? ` (boot ${v.boot})` : ''}: ${v.message}`);
}

/** The run's flash operations, one a line, so a user can aim `--fault '{"kind":"power-cut","op":K}'`. */
function printOps(run: RunResult): void {
  const rows = run.ops.map((op, i) => [String(i), op.kind, String(op.boot ?? ''), op.phase ?? '', op.path ?? '']);
  const head = ['op', 'kind', 'boot', 'phase', 'path'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  for (const r of [head, ...rows]) out(r.map((cell, c) => (c === r.length - 1 ? cell : c === 0 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  '));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
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
    .option('--ops', "print the run's flash operations (index, kind, boot, phase, path) to aim a power-cut at")
    .option('--fault <json>', 'add a fault to the scenario\'s own, checked like a scenario\'s faults, e.g. \'{"kind":"power-cut","op":12}\' (repeatable; it must fire unless "optional": true)', collect, []);
  addIgnoredSeed(addTargetOptions(runCmd))
    .action(async (file: string, opts: TargetFlags & { log?: boolean; ops?: boolean; fault: string[] }) => {
      const added = opts.fault.map((text) => parseFault(text));
      const { scenario } = await loadOne(file);
      const target = targetFromSpec(specOf(opts), { keepLog: opts.log });
      const faults = [...(scenario.faults ?? []), ...added];
      const plan = { faults, maxBoots: (scenario.maxBoots ?? 8) + added.length };
      const run = await target.run(scenario, plan);
      if (opts.log) for (const line of run.log) out(line);
      if (opts.ops) printOps(run);
      const judge = judgeFor(scenario);
      const violations = judge(run, added, { addedMustFire: true });
      printRun(run, violations, faults);
      const fatOnly = printFsLoss(await fsLossOf(target, scenario, plan, run, violations, (r) => judge(r, added, { addedMustFire: true })));
      setCode(violations.length > 0 && !fatOnly ? 1 : 0);
    });

  const sweepCmd = sim
    .command('sweep <scenario>')
    .description('cut power at every flash operation (before, after, torn) and judge each run')
    .option('--op <k>', 'replay one fault point: the operation index (0 … flash ops of the clean run − 1)')
    .addOption(new Option('--mode <mode>', 'with --op: where the cut lands').choices(MODES).default('before'))
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
        // A cut past the end would never fire: the run would pass having tested nothing.
        const clean = await target.run(scenario, { faults: scenario.faults ?? [], maxBoots });
        if (op >= clean.flashOps) throw new Error(`--op ${op} is beyond the run: it has ${clean.flashOps} flash operations (0…${clean.flashOps - 1}; see sim run --ops)`);
        const cut: Fault = { kind: 'power-cut', op, mode: opts.mode as CutMode };
        const faults: Fault[] = [...(scenario.faults ?? []), cut];
        const plan = { faults, maxBoots: maxBoots + 1 };
        const run = await target.run(scenario, plan);
        const violations = judge(run, [cut], { addedMustFire: true });
        printRun(run, violations, faults);
        const fatOnly = printFsLoss(await fsLossOf(target, scenario, plan, run, violations, (r) => judge(r, [cut], { addedMustFire: true })));
        setCode(violations.length > 0 && !fatOnly ? 1 : 0);
        return;
      }
      const shard = parseShard(opts.shard);
      const at = { done: 0, total: 0 };
      onInterrupt(() => `interrupted after ${at.done} of ${at.total} fault points of ${scenario.name}`);
      const ticker = startTicker({ label: `sim sweep ${scenario.name}`, total: () => at.total, unit: 'fault points', current: () => at.done });
      let result;
      try {
        result = await sweep(target, scenario, loaded.file, {
          maxBoots,
          judge,
          shard,
          onPoint: (done, total) => {
            at.done = done;
            at.total = total;
          },
        });
      } finally {
        ticker.stop();
      }
      out(`${scenario.name}: ${result.cleanOps} flash ops in the clean run; ${result.explored} fault points explored (${result.merged} more leave the same state as another mode at their op on ${opts.flash} and were merged), ${result.failedPoints.length} violations${result.fsLossPoints.length > 0 ? `, ${result.fsLossPoints.length} FAT losses` : ''}, max watchdog feed gap ${result.maxFeedGapMs.toFixed(1)} ms, ${(result.ms / 1000).toFixed(2)} s (${Math.round(result.explored / (result.ms / 1000))} points/s)`);
      for (const v of result.clean.violations) out(`clean run VIOLATION ${v.invariant}: ${v.message}`);
      if (result.clean.violations.length > 0) out(`  replay: ${result.clean.replay}`);
      const cleanFailed = result.clean.violations.length > 0 && !printFsLoss(result.clean.fsLoss ?? null);
      if (result.fsLossPoints.length > 0) {
        out(`FAT lost neighbour entries at ${result.fsLossPoints.length} fault points (cut op/mode: ${result.fsLossPoints.map((p) => `${p.op}/${p.mode}`).join(' ')}); entries it destroyed: ${[...new Set(result.fsLossPoints.flatMap((p) => p.lost))].sort().join(', ')}. FAT is not power-safe; littlefs is. Every violation there follows from them: not an updater failure.`);
      }
      for (const f of result.failures.slice(0, 20)) {
        out(`VIOLATION at ${JSON.stringify(f.faults.at(-1))}: ${f.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ')}\n  replay: ${f.replay}`);
      }
      const more = result.failedPoints.length - Math.min(20, result.failures.length);
      if (more > 0) out(`… and ${more} more violating points: ${result.failedPoints.slice(Math.min(20, result.failures.length)).map((p) => `${p.op}/${p.mode}`).join(' ')}`);
      setCode(result.failedPoints.length > 0 || cleanFailed ? 1 : 0);
    });

  const fuzzCmd = sim
    .command('fuzz <scenario>')
    .description('random fault schedules (several cuts, cuts during recovery, network faults), shrunk on failure')
    .option('--runs <n>', 'schedules to try', '100')
    .option('--seed <n>', 'seed of the fault schedules (0 to 4294967295)', '1')
    .option('--path <p>', 'replay path printed by a failing run');
  addTargetOptions(fuzzCmd)
    .action(async (file: string, opts: TargetFlags & { runs: string; seed: string; path?: string }) => {
      const loaded = await loadOne(file);
      const runs = Number(opts.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${opts.runs}"`);
      const seed = parseSeed(opts.seed);
      const target = targetFromSpec(specOf(opts));
      let done = 0;
      onInterrupt(() => `interrupted after ${done} of ${runs} fault schedules of ${loaded.scenario.name}, no violation so far`);
      const ticker = startTicker({ label: `sim fuzz ${loaded.scenario.name}`, total: runs, unit: 'schedules', current: () => done });
      let result;
      try {
        result = await fuzz(target, loaded.scenario, loaded.file, {
          seed,
          runs,
          path: opts.path,
          maxBoots: loaded.scenario.maxBoots ?? 8,
          judge: judgeFor(loaded.scenario),
          onRun: (n) => {
            done = n;
          },
        });
      } finally {
        ticker.stop();
      }
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
    .option('--seed <n>', 'seed of the fault schedules (0 to 4294967295)', '1')
    .option('--path <p>', 'replay path printed by a failing run');
  addTargetOptions(diffCmd, 'diff')
    .action(async (file: string, opts: TargetFlags & { runs: string; seed: string; path?: string }) => {
      // Diff holds two implementations of one updater to the same behaviour; a foreign one has no twin.
      if (isForeign(opts.updater, opts.adapter)) throw new Error(`sim diff compares otalab's two updaters (core/ and device/); ${opts.updater ?? opts.adapter} is a foreign updater (it has an adapter): certify it with \`otalab suite --target micropython --updater ${opts.updater ?? '<dir>'}\` or \`otalab sim sweep\` instead`);
      const loaded = await loadOne(file);
      const runs = Number(opts.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${opts.runs}"`);
      const seed = parseSeed(opts.seed);
      const right = specOf(opts, 'micropython');
      const [left, rightTarget] = [targetFromSpec({ name: 'ts', flash: right.flash, ...(right.flashTiming ? { flashTiming: right.flashTiming } : {}), updaterFiles: true }), targetFromSpec(right)];
      const { scenario } = loaded;
      const skip = [left, rightTarget].flatMap((t) => [t.cannotRun?.(scenario) ?? null, ...(scenario.faults ?? []).map((f) => t.cannot(f))].filter((r) => r !== null).map((r) => `${t.name}: ${r}`));
      const incomparable = notCompared(scenario);
      if (incomparable !== null) skip.push(incomparable);
      if (skip.length > 0) {
        out(`${scenario.name}: skipped (${skip.join('; ')})`);
        setCode(0);
        return;
      }
      let done = 0;
      onInterrupt(() => `interrupted after ${done} of ${runs} fault schedules of ${scenario.name} on ts and micropython, no difference so far`);
      const ticker = startTicker({ label: `sim diff ${scenario.name}`, total: runs, unit: 'schedules', current: () => done });
      let result;
      try {
        result = await diff(left, rightTarget, scenario, loaded.file, {
          seed,
          runs,
          path: opts.path,
          maxBoots: scenario.maxBoots ?? 8,
          judge: judgeFor(scenario),
          onRun: (n) => {
            done = n;
          },
        });
      } finally {
        ticker.stop();
      }
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
