/**
 * `npm run bench:predecessor [-- --dir <predecessor dir>] [--sample N] [--scenarios a,b]`: the
 * predecessor (0x687931/ota, run unchanged through its adapter,
 * scenarios/targets/adapter/predecessor/) and our MicroPython updater (device/) swept side by side
 * in one run over the same scenarios. Prints a table: cut points, and points that leave a mixed
 * board (atomic) or a stuck one (live: never reaches the target once faults stop). Skips with a
 * clear message and exit 0 when the predecessor's files are absent. Asserts nothing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { judgeFor } from '../scenarios/lab/context.ts';
import { sweep, type SweepResult } from '../scenarios/lab/sweep.ts';
import { loadScenario } from '../scenarios/load/index.ts';
import { micropythonTarget } from '../scenarios/targets/micropython.ts';
import type { Target } from '../scenarios/target.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ADAPTER = join(ROOT, 'scenarios/targets/adapter/predecessor/otalab-updater.yaml');
const DEFAULT_SCENARIOS = ['developer-channel', 'stable-latest-release', 'fresh-board-first-install', 'add-replace-delete-nested-empty', 'link-drop-mid-file'];

const { values } = parseArgs({
  options: { dir: { type: 'string', default: join(ROOT, '../shared/third-party/predecessor') }, sample: { type: 'string' }, scenarios: { type: 'string' } },
});
const dir = resolve(values.dir!);
if (!existsSync(join(dir, 'ota.py'))) {
  process.stdout.write(`bench:predecessor: skipped: the predecessor's files are not at ${dir} (no ota.py); pass --dir <dir> with its ota.py, main.py, connectivity.py and delta.py\n`);
  process.exit(0);
}
const sample = values.sample === undefined ? undefined : Number(values.sample);
if (sample !== undefined && !(Number.isInteger(sample) && sample >= 2)) throw new Error(`--sample must be an integer of at least 2, got "${values.sample}"`);
const names = values.scenarios?.split(',') ?? DEFAULT_SCENARIOS;

const targets: [string, Target][] = [
  ['predecessor', micropythonTarget({ firmwareDir: dir, adapterFile: ADAPTER })],
  ['otalab (device/)', micropythonTarget()],
];

interface Row {
  scenario: string;
  updater: string;
  /** The run without a cut: 'ok', or the invariants it broke. */
  clean: string;
  points: number;
  /** Cut points (the clean run not counted) whose run broke atomic / live / either; and any invariant. */
  mixed: number;
  stuck: number;
  mixedOrStuck: number;
  anyViolation: number;
  seconds: number;
}

/** How the clean run went, and per cut point which of the two findings it shows. */
function tally(s: SweepResult): Pick<Row, 'clean' | 'mixed' | 'stuck' | 'mixedOrStuck'> {
  const has = (r: SweepResult['clean'], inv: string) => r.violations.some((v) => v.invariant === inv);
  const cleanBad = [...new Set(s.clean.violations.map((v) => v.invariant))];
  return {
    clean: cleanBad.length === 0 ? 'ok' : `FAIL (${cleanBad.join(', ')})`,
    mixed: s.failures.filter((r) => has(r, 'atomic')).length,
    stuck: s.failures.filter((r) => has(r, 'live')).length,
    mixedOrStuck: s.failures.filter((r) => has(r, 'atomic') || has(r, 'live')).length,
  };
}

const rows: Row[] = [];
for (const name of names) {
  const file = join(ROOT, 'scenarios/library', `${name}.yaml`);
  const scenario = await loadScenario(file);
  for (const [updater, target] of targets) {
    const why = target.cannotRun?.(scenario) ?? null;
    if (why !== null) {
      process.stderr.write(`${name} on ${updater}: skipped: ${why}\n`);
      continue;
    }
    const started = performance.now();
    process.stderr.write(`sweeping ${name} on ${updater}…\n`);
    const s = await sweep(target, scenario, `scenarios/library/${name}.yaml`, { maxBoots: scenario.maxBoots ?? 8, judge: judgeFor(scenario), maxFailures: Number.MAX_SAFE_INTEGER, ...(sample !== undefined ? { sample } : {}) });
    rows.push({ scenario: name, updater, points: s.explored, ...tally(s), anyViolation: s.failedPoints.length, seconds: (performance.now() - started) / 1000 });
  }
}

const head = ['scenario', 'updater', 'clean run', 'cut points', 'mixed', 'stuck', 'mixed or stuck', 'any violation', 'seconds'];
const cells = rows.map((r) => [r.scenario, r.updater, r.clean, String(r.points), String(r.mixed), String(r.stuck), String(r.mixedOrStuck), String(r.anyViolation), r.seconds.toFixed(1)]);
const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => c.map((x, i) => (i >= 3 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ');
process.stdout.write([line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n');
for (const [updater] of targets) {
  const mine = rows.filter((r) => r.updater === updater);
  process.stdout.write(`${updater}: ${mine.reduce((n, r) => n + r.mixedOrStuck, 0)} of ${mine.reduce((n, r) => n + r.points, 0)} points leave a mixed or stuck board${sample !== undefined ? ` (sampled: ${sample} points per scenario)` : ''}\n`);
}
