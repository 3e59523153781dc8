/**
 * Bench of the MicroPython board (npx tsx sim/micropython/bench.ts [--standin] [--budget-s N]):
 * one update that replaces a 64 KiB file, run by device/ (or, with --standin, by a minimal
 * streaming stand-in: testdata/standin-download) in the real interpreter on the virtual Pico W.
 * Reports the live-heap high-water mark above idle (gc.collect + gc.mem_alloc at every shim
 * call), write amplification (flash bytes written per byte of changed files), and fault points
 * per second of a crash sweep (a cut at every op and distinct mode, each run booted to idle).
 *
 * A sim/ script: it runs its own small boot loop (the lab's target lives in scenarios/).
 */
import { join } from 'node:path';
import { SimBoard } from '../board.ts';
import { distinctCutModes, type CutPoint } from '../flash/index.ts';
import { fileBytes, gitBlobSha1 } from '../github/files.ts';
import type { ServerSpec } from '../github/spec.ts';
import { DeviceReset, PowerLoss } from '../power.ts';
import { CONFIRM_CODE, firmwareFiles, withoutFirmware } from './firmware.ts';
import { bootMicroPython, newHeapReport, type HeapReport } from './host.ts';
import { withInterpreter } from './interpreter.ts';

const FILE_BYTES = 64 * 1024;
const REPO = { owner: 'otalab', name: 'bench' };
const SPEC: ServerSpec = {
  repos: [
    {
      ...REPO,
      commits: {
        v1: { files: { 'app.bin': { random: FILE_BYTES, seed: 1 }, 'main.py': "print('v1')\n" } },
        v2: { parent: 'v1', files: { 'app.bin': { random: FILE_BYTES, seed: 2 } } },
      },
      tags: { 'v1.0': 'v1', 'v2.0': 'v2' },
      releases: [{ tag: 'v1.0' }, { tag: 'v2.0' }],
    },
  ],
};
const V1 = fileBytes({ random: FILE_BYTES, seed: 1 });
const V2 = fileBytes({ random: FILE_BYTES, seed: 2 });

const args = process.argv.slice(2);
const standin = args.includes('--standin');
const budgetArg = args.includes('--budget-s') ? Number(args[args.indexOf('--budget-s') + 1]) : 60;
const budgetS = Number.isFinite(budgetArg) ? budgetArg : 60;
const firmware = firmwareFiles(standin ? join(import.meta.dirname, 'testdata/standin-download') : undefined);
const utf8 = new TextEncoder();

function newBoard(config: Record<string, unknown> = {}): SimBoard {
  const board = new SimBoard({ server: SPEC });
  const full = `${REPO.owner}/${REPO.name}`;
  const files = new Map(firmware);
  files.set('ota_config.json', utf8.encode(JSON.stringify({ owner: REPO.owner, repo: REPO.name, ...config })));
  files.set('app.bin', V1);
  files.set('main.py', utf8.encode("print('v1')\n"));
  const blobs = `{"app.bin": "${gitBlobSha1(V1)}", "main.py": "${gitBlobSha1(utf8.encode("print('v1')\n"))}"}`;
  files.set('version.json', utf8.encode(`{"ref": "v1.0", "commit": "${board.github.commitSha(full, 'v1')}", "files": ${blobs}}`));
  files.set('bench.txt', utf8.encode(`raw.githubusercontent.com /${full}/${board.github.commitSha(full, 'v2')}/app.bin ${FILE_BYTES}`));
  board.flash.load(files);
  return board;
}

interface LoopResult {
  ends: string[];
  heaps: HeapReport[];
}

/** Boots until a boot ends idle (or maxBoots), as the target does; cuts and resets start the next. */
async function bootToIdle(board: SimBoard, maxBoots: number, measureHeap: boolean): Promise<LoopResult> {
  const ends: string[] = [];
  const heaps: HeapReport[] = [];
  for (let i = 0; i < maxBoots; i++) {
    const heap = measureHeap ? newHeapReport() : undefined;
    if (heap) heaps.push(heap);
    try {
      await bootMicroPython(board, { log: () => {}, heap, app: () => (standin ? '' : CONFIRM_CODE) });
      ends.push('idle');
      return { ends, heaps };
    } catch (err) {
      if (err instanceof PowerLoss) board.powerOn(err.reason === 'watchdog' ? 'watchdog' : 'power-on');
      else if (err instanceof DeviceReset) board.powerOn(err.mode);
      else throw err;
      ends.push(err instanceof PowerLoss ? err.reason : 'reset');
    }
  }
  return { ends, heaps };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

await withInterpreter(async () => {
  // 1. The clean update, heap sampled at every shim call.
  const measured = newBoard();
  const clean = await bootToIdle(measured, 6, true);
  const update = clean.heaps[0];
  const written = measured.flash.opLog.reduce((n, op) => n + (op.kind === 'write' ? (op.bytes ?? 0) : 0), 0);
  const final = withoutFirmware(measured.flash.snapshot(), firmware).get('app.bin');
  console.log(`updater: ${standin ? 'stand-in (testdata/standin-download)' : 'device/'}; boots: ${clean.ends.join(', ')}; app.bin is v2: ${final !== undefined && Buffer.compare(final, V2) === 0}`);
  if (update) {
    const top = [...update.byLabel].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_TOP ?? 6));
    console.log(`heap, update boot (GC runs only between top-level calls in this wasm build: figures after idle are allocations since the boot began, an upper bound on the live heap):`);
    console.log(`  idle (live, shims loaded) ${kib(update.idle)}; allocated by the end of recovery +${update.atRecovered === null ? '?' : kib(update.atRecovered - update.idle)}; by the last shim call +${kib(update.peak - update.idle)} (${update.samples} shim calls sampled)`);
    const streaming = ['socket.socket.send', 'socket.socket.readinto', 'vfs.FlashFile.write'].map((l) => [l, update.byLabel.get(l)] as const).filter(([, n]) => n !== undefined);
    console.log(`  per shim call, highest: ${top.map(([l, n]) => `${l} +${kib(n - update.idle)}`).join(', ')}`);
    console.log(`  around the download: ${streaming.map(([l, n]) => `${l} +${kib(n! - update.idle)}`).join(', ')}`);
  }
  // The same update without the reset, so the boot ends and the heap can be collected at the top level.
  const kept = newBoard({ reset_mode: 'none' });
  const heap = newHeapReport();
  await bootMicroPython(kept, { log: () => {}, heap, app: () => (standin ? '' : CONFIRM_CODE) });
  if (heap.retained !== null) console.log(`  live after the update boot ends (reset_mode none, collected at the top level): ${kib(heap.retained)}, ${kib(heap.retained - heap.idle)} above idle`);
  console.log(`flash: ${measured.flash.opCount} ops, ${kib(written)} written for ${kib(FILE_BYTES)} changed (write amplification ${(written / FILE_BYTES).toFixed(2)})`);

  // 2. The crash sweep: a cut at every op of the clean run, in each mode that leaves a distinct state.
  const plain = newBoard();
  const reference = await bootToIdle(plain, 6, false);
  const points: CutPoint[] = plain.flash.opLog.flatMap((op) => distinctCutModes(plain.flash.profile, op.kind).map((mode) => ({ op: op.index, mode })));
  const started = performance.now();
  let done = 0;
  let unsettled = 0;
  for (const point of points) {
    if (performance.now() - started > budgetS * 1000) break;
    const board = newBoard();
    board.flash.armCuts([point]);
    const r = await bootToIdle(board, reference.ends.length + 2, false);
    const app = board.flash.snapshot().get('app.bin');
    const settled = r.ends.at(-1) === 'idle' && app !== undefined && (Buffer.compare(app, V2) === 0 || Buffer.compare(app, V1) === 0);
    if (!settled) unsettled++;
    done++;
  }
  const s = (performance.now() - started) / 1000;
  console.log(`sweep: ${done}/${points.length} fault points in ${s.toFixed(1)} s = ${(done / s).toFixed(1)} points/s (${unsettled} runs did not settle on v1 or v2)`);
});
