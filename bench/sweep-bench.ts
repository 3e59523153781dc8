/**
 * `npm run bench`: fault points explored per second on the reference update, for a fixed wall
 * budget (default 10 s; `npm run bench -- 30` for 30 s). Prints a table; asserts nothing.
 */
import { startTicker } from '../cli/report/ticker.ts';
import { referenceScenario } from './reference.ts';
import { judgeFor } from '../scenarios/lab/context.ts';
import { availableParallelism } from 'node:os';
import { sweep } from '../scenarios/lab/sweep.ts';
import { SweepPool } from '../scenarios/lab/sweep-pool.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';

const budgetS = Number(process.argv[2] ?? 10);
if (!(budgetS > 0)) throw new Error(`usage: npm run bench -- [seconds], got "${process.argv[2]}"`);
// Progress on stderr (the table goes to stdout): the budget is the total, in seconds.
const benchStart = performance.now();
const ticker = startTicker({ label: 'bench', total: Math.ceil(budgetS * 3), unit: 's of the budget (roughly)', current: () => Math.round((performance.now() - benchStart) / 1000) });
process.on('exit', () => ticker.stop());

const scenario = referenceScenario();
const target = tsTarget();
const judge = judgeFor(scenario);

const t0 = performance.now();
const clean = await target.run(scenario, { faults: [], seed: 1, maxBoots: 8 });
const cleanMs = performance.now() - t0;
const bytes = clean.requests.reduce((n, r) => n + r.bodyBytes, 0);

// First sweep: cold (module loading and JIT included). Then repeat it until the budget is spent: warm.
const result = await sweep(target, scenario, 'bench/reference', { seed: 1, maxBoots: 8, judge, budgetMs: budgetS * 1000 });
const coldPerS = result.explored / (result.ms / 1000);
let warmPoints = 0;
const w0 = performance.now();
while (performance.now() - w0 < budgetS * 1000) {
  const left = budgetS * 1000 - (performance.now() - w0);
  warmPoints += (await sweep(target, scenario, 'bench/reference', { seed: 1, maxBoots: 8, judge, budgetMs: left })).explored;
}
const perS = warmPoints / ((performance.now() - w0) / 1000);

// The same sweep, repeated until the budget is spent, on one worker thread per core.
const jobs = availableParallelism();
const pool = new SweepPool(jobs);
await pool.sweep(target.spec!, scenario, 'bench/reference', { seed: 1, maxBoots: 8 }); // warm-up: load and JIT
let poolPoints = 0;
const p0 = performance.now();
while (performance.now() - p0 < budgetS * 1000) {
  const left = budgetS * 1000 - (performance.now() - p0);
  poolPoints += (await pool.sweep(target.spec!, scenario, 'bench/reference', { seed: 1, maxBoots: 8, budgetMs: left })).explored;
}
const poolMs = performance.now() - p0;
await pool.close();
const poolPerS = poolPoints / (poolMs / 1000);

const rows: [string, string][] = [
  ['reference update', scenario.description],
  ['clean run: flash ops', String(clean.flashOps)],
  ['clean run: requests / bytes received', `${clean.requests.length} / ${bytes}`],
  ['clean run: wall time', `${cleanMs.toFixed(1)} ms`],
  ['fault points in the sweep', `${result.total} (${result.merged} merged as equal states)`],
  ['fault points explored', `${result.explored}${result.explored < result.total ? ' (budget reached)' : ' (all)'}`],
  ['violations', String(result.failedPoints.length)],
  ['max watchdog feed gap (virtual time)', `clean run ${clean.maxFeedGapMs.toFixed(1)} ms, over the first sweep ${result.maxFeedGapMs.toFixed(1)} ms (watchdog 8000 ms)`],
  ['first sweep wall time', `${(result.ms / 1000).toFixed(2)} s`],
  ['first sweep (cold: loading, JIT)', `${coldPerS.toFixed(0)} fault points/s`],
  ['fault points per second, 1 thread', `${perS.toFixed(0)} (${warmPoints} points in ${budgetS} s, warm)`],
  ['fault points per 10 s, 1 thread', (perS * 10).toFixed(0)],
  [`fault points per second, ${jobs} worker threads`, `${poolPerS.toFixed(0)} (${poolPoints} points in ${(poolMs / 1000).toFixed(1)} s, warm)`],
  [`fault points per 10 s, ${jobs} worker threads`, (poolPerS * 10).toFixed(0)],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`otalab bench — node ${process.version}, budget ${budgetS} s`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
