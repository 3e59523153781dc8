/**
 * How many flash operations per second the virtual flash sustains (target ≥ 200k simple ops/s).
 * Run: npx tsx sim/flash/bench.ts [seconds-per-run]   (best of 3 runs per case)
 *
 * The workload is an updater's inner loop: write a temp file in two chunks, close, rename it over
 * the live file, mkdir/rmdir a stage dir, remove the file — 8 ops per round, with the
 * watchdog running and fed each round (its timer lives on the same virtual clock).
 */
import { performance } from 'node:perf_hooks';
import { SimClock } from '../clock.ts';
import { SimWatchdog } from '../watchdog.ts';
import type { FlashProfileName } from './profile.ts';
import { VirtualFlash } from './virtual-flash.ts';

interface Case {
  backend: 'map' | 'memfs';
  profile: FlashProfileName;
  opLog: boolean;
}

const seconds = Number(process.argv[2] ?? 1);
const chunk = new Uint8Array(200).fill(7);

function round(vf: VirtualFlash, wdt: SimWatchdog, i: number): void {
  const name = `f${i & 15}`;
  const w = vf.openWrite(`stage/${name}.tmp`);
  w.write(chunk);
  w.write(chunk);
  w.close();
  vf.rename(`stage/${name}.tmp`, `app/${name}`);
  vf.mkdir('stage/sub');
  vf.rmdir('stage/sub');
  vf.remove(`app/${name}`);
  wdt.feed();
}

function run(c: Case): number {
  const clock = new SimClock();
  const vf = new VirtualFlash({ clock, profile: c.profile, backend: c.backend, opLog: c.opLog });
  const wdt = new SimWatchdog(clock, clock.power);
  vf.load({ 'main.py': 'print(1)' }, ['stage', 'app']);
  wdt.start(8000);
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let i = 0;
  while (performance.now() < deadline) {
    for (let k = 0; k < 256; k++) round(vf, wdt, i++);
    if (c.opLog) vf.clearOpLog();
  }
  const elapsedS = (performance.now() - start) / 1000;
  if (wdt.bites !== 0) throw new Error('Failed to benchmark: the watchdog bit');
  return vf.opCount / elapsedS;
}

const cases: Case[] = [
  { backend: 'map', profile: 'littlefs', opLog: false },
  { backend: 'map', profile: 'littlefs', opLog: true },
  { backend: 'map', profile: 'fat', opLog: false },
  { backend: 'memfs', profile: 'littlefs', opLog: false },
];
// The machine is shared: report the best of three runs per case, after a warm-up.
for (const c of cases) {
  run(c);
  const opsPerS = Math.max(run(c), run(c), run(c));
  console.log(`${c.backend.padEnd(6)} ${c.profile.padEnd(9)} opLog=${String(c.opLog).padEnd(5)} ${Math.round(opsPerS).toLocaleString('en-US')} ops/s`);
}
