/**
 * `npm run bench:micropython [-- seconds]`: the MicroPython target (device/ in the 1.27 wasm
 * interpreter) on one update that replaces a 64 KiB file. Prints a table: boot time per phase,
 * fault points per second (compiled from source every boot vs precompiled .mpy, 1 thread and one
 * worker per core), the heap while the 64 KiB file streams, and write amplification. Asserts nothing.
 */
import { startTicker } from '../cli/report/ticker.ts';
import { availableParallelism } from 'node:os';
import { judgeFor } from '../scenarios/lab/context.ts';
import { sweep } from '../scenarios/lab/sweep.ts';
import { SweepPool } from '../scenarios/lab/sweep-pool.ts';
import { micropythonTarget } from '../scenarios/targets/micropython.ts';
import type { Scenario } from '../scenarios/types.ts';
import { newBootTiming, type BootTiming, type HeapReport } from '../sim/micropython/host.ts';
import { mpyCrossAvailable } from '../sim/micropython/mpy-cross.ts';
import type { SimBoard } from '../sim/board.ts';
import type { FlashOp } from '../sim/flash/ops.ts';

const budgetS = Number(process.argv[2] ?? 10);
if (!(budgetS > 0)) throw new Error(`usage: npm run bench:micropython -- [seconds], got "${process.argv[2]}"`);
// Progress on stderr (the table goes to stdout): the budget is the total, in seconds.
const benchStart = performance.now();
const ticker = startTicker({ label: 'bench:micropython', total: Math.ceil(budgetS * 2), unit: 's of the budget (roughly)', current: () => Math.round((performance.now() - benchStart) / 1000) });
process.on('exit', () => ticker.stop());
const FILE_BYTES = 64 * 1024;
const FILE = 'bench/micropython-64k';

function updateScenario(fileBytes: number, config: Record<string, unknown> = {}, installed = 'v1'): Scenario {
  return {
    name: 'bench-micropython',
    description: `stable channel: one ${fileBytes}-byte file replaced`,
    device: { config: { owner: 'bench', repo: 'app', channel: 'stable', watchdog_timeout_ms: 8000, ...config }, installed, installedRef: `${installed}.0` },
    server: {
      repos: [
        {
          owner: 'bench',
          name: 'app',
          commits: {
            v1: { files: { 'app.bin': { random: fileBytes, seed: 1 }, 'main.py': "print('v1')\n" } },
            v2: { parent: 'v1', files: { 'app.bin': { random: fileBytes, seed: 2 } } },
          },
          tags: { 'v1.0': 'v1', 'v2.0': 'v2' },
          releases: [{ tag: 'v1.0' }, { tag: 'v2.0' }],
        },
      ],
    },
    expect: { version: 'v2', noErrors: true },
  };
}

const scenario = updateScenario(FILE_BYTES);
const judge = judgeFor(scenario);
const plan = { faults: [], seed: 1, maxBoots: 8 };
const rows: [string, string][] = [];
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

// 1. Boot time per phase, clean run, median over repeated runs (the first warms the caches).
async function bootTimes(precompiled: boolean, runs: number): Promise<{ perBoot: BootTiming; runMs: number; violations: number; maxFeedGapMs: number }> {
  const samples: { t: BootTiming; ms: number }[] = [];
  let violations = 0;
  let maxFeedGapMs = 0;
  for (let i = 0; i <= runs; i++) {
    const timing = newBootTiming(() => performance.now());
    const t0 = performance.now();
    const run = await micropythonTarget({ timing, precompiled }).run(scenario, plan);
    if (i > 0) samples.push({ t: timing, ms: performance.now() - t0 });
    violations = judge(run, []).length;
    maxFeedGapMs = run.maxFeedGapMs;
  }
  const boots = samples[0]?.t.boots ?? 1;
  const per = (k: 'loadMs' | 'shimsMs' | 'bootPyMs' | 'appMs') => median(samples.map((s) => s.t[k])) / boots;
  return { perBoot: { now: () => 0, loadMs: per('loadMs'), shimsMs: per('shimsMs'), bootPyMs: per('bootPyMs'), appMs: per('appMs'), boots }, runMs: median(samples.map((s) => s.ms)), violations, maxFeedGapMs };
}

rows.push(['update', `${scenario.description}; mpy-cross installed: ${await mpyCrossAvailable()}`]);
for (const precompiled of [false, true]) {
  const { perBoot: b, runMs, violations, maxFeedGapMs } = await bootTimes(precompiled, 15);
  const mode = precompiled ? 'precompiled .mpy' : 'source';
  rows.push([`boot, ${mode} (ms, median per boot)`, `load ${b.loadMs.toFixed(1)}, shims ${b.shimsMs.toFixed(1)}, boot.py ${b.bootPyMs.toFixed(1)}, app ${b.appMs.toFixed(1)}; clean run ${runMs.toFixed(0)} ms for ${b.boots} boots, ${violations} violations, max watchdog feed gap ${maxFeedGapMs.toFixed(1)} ms (virtual, watchdog 8000 ms)`]);
}

// 2. Fault points per second: the crash sweep, 1 thread, each mode for half the budget.
for (const precompiled of [false, true]) {
  const r = await sweep(micropythonTarget({ precompiled }), scenario, FILE, { seed: 1, maxBoots: 8, judge, budgetMs: (budgetS * 1000) / 2 });
  const mode = precompiled ? 'precompiled .mpy' : 'source';
  rows.push([`sweep, 1 thread, ${mode}`, `${(r.explored / (r.ms / 1000)).toFixed(1)} points/s (${r.explored}/${r.total} points in ${(r.ms / 1000).toFixed(1)} s, ${r.failedPoints.length} violations, max watchdog feed gap ${r.maxFeedGapMs.toFixed(1)} ms)`]);
}

// 3. The same sweep on one worker thread per core (one interpreter per worker; precompiled).
const jobs = availableParallelism();
const pool = new SweepPool(jobs);
await pool.sweep({ name: 'micropython', flash: 'littlefs' }, scenario, FILE, { seed: 1, maxBoots: 8, budgetMs: 2000 }); // warm-up: load, compile, JIT
let poolPoints = 0;
const p0 = performance.now();
while (performance.now() - p0 < budgetS * 1000) {
  const left = budgetS * 1000 - (performance.now() - p0);
  poolPoints += (await pool.sweep({ name: 'micropython', flash: 'littlefs' }, scenario, FILE, { seed: 1, maxBoots: 8, budgetMs: left })).explored;
}
const poolS = (performance.now() - p0) / 1000;
await pool.close();
rows.push([`sweep, ${jobs} worker threads, precompiled .mpy`, `${(poolPoints / poolS).toFixed(1)} points/s (${poolPoints} points in ${poolS.toFixed(1)} s, warm)`]);

// 4. Heap (gc.collect + gc.mem_alloc at every shim call). GC runs only between top-level calls
// in this build, so samples inside a boot count the bytes allocated since the boot began.
interface HeapRun {
  heaps: HeapReport[];
  ops: readonly FlashOp[];
}

async function heapRun(s: Scenario, precompiled: boolean): Promise<HeapRun> {
  const heaps: HeapReport[] = [];
  let board: SimBoard | null = null;
  await micropythonTarget({ heaps, precompiled, onBoard: (b) => (board = b) }).run(s, plan);
  return { heaps, ops: (board as SimBoard | null)?.flash.opLog ?? [] };
}

/** Bytes allocated from just before the 64 KiB file's open-for-write to just after its close (its boot), and its writes. */
function streamed(r: HeapRun): { bytes: number; writes: number } | null {
  const open = r.ops.find((op) => op.kind === 'open-write' && op.path.includes('app.bin'));
  const close = open && r.ops.find((op) => op.index > open.index && op.kind === 'close' && op.path === open.path);
  if (!open || !close) return null;
  for (const heap of r.heaps) {
    const before = heap.trace.filter((t) => t.opCount <= open.index).at(-1);
    const after = heap.trace.find((t) => t.opCount > close.index);
    if (before && after && heap.trace.some((t) => t.opCount > open.index && t.opCount <= close.index + 1)) {
      const writes = r.ops.filter((op) => op.index > open.index && op.index < close.index && op.kind === 'write' && op.path === open.path).length;
      return { bytes: after.bytes - before.bytes, writes };
    }
  }
  return null;
}

for (const precompiled of [true, false]) {
  const mode = precompiled ? 'precompiled .mpy' : 'source (as a board compiles)';
  const r = await heapRun(scenario, precompiled);
  const update = r.heaps[0];
  const s = streamed(r);
  if (update) {
    const stream = s ? `${kib(s.bytes)} over ${s.writes} writes (${(s.bytes / Math.max(1, s.writes)).toFixed(0)} B/write)` : 'window not found';
    rows.push([`heap, ${mode}`, `idle ${kib(update.idle)} live; allocated since boot: by recovery +${update.atRecovered === null ? '?' : kib(update.atRecovered - update.idle)}, by the last shim call +${kib(update.peak - update.idle)}; while the 64 KiB file streamed ${stream}`]);
  }
  // The same update with no reset at its end, so the boot ends and is collected at the top level.
  const kept = await heapRun(updateScenario(FILE_BYTES, { reset_mode: 'none' }), precompiled);
  const last = kept.heaps[0];
  // And a boot with nothing to do: the updater's modules loaded, no update (the baseline a board idles at).
  const idle = (await heapRun(updateScenario(FILE_BYTES, { reset_mode: 'none' }, 'v2'), precompiled)).heaps[0];
  if (last?.retained != null && idle?.retained != null) {
    // The lab's healthy app confirms the trial, and confirm() drops recovery too (device/lib/otalab/__init__.py).
    const above = (h: HeapReport) => kib((h.retained ?? NaN) - h.idle);
    rows.push([`heap, ${mode}, live after the updater returns`, `above idle (${kib(last.idle)} of shims): up-to-date boot +${above(idle)}, update boot (app confirmed) +${above(last)}; goal <= +16 KiB`]);
  }
  if (precompiled) {
    const written = r.ops.reduce((n, op) => n + (op.kind === 'write' ? (op.bytes ?? 0) : 0), 0);
    rows.push(['flash writes', `${r.ops.length} ops, ${kib(written)} written for ${kib(FILE_BYTES)} of changed files: write amplification ${(written / FILE_BYTES).toFixed(2)}`]);
  }
}

const w = Math.max(...rows.map((r) => r[0].length));
console.log(`otalab micropython bench — node ${process.version}, budget ${budgetS} s, ${jobs} cores`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
