/**
 * The interpreter host: one boot of a virtual Pico W running MicroPython. A fresh interpreter per
 * boot (a reset loses RAM), the shims and the flash VFS installed, then `boot.py` from the flash,
 * then the app model. A power cut, a watchdog bite or `machine.reset()` throws out of the
 * interpreter mid-statement (PowerLoss / DeviceReset propagate to the caller); nothing after it
 * runs. Output lines of the interpreter go to `log`.
 *
 * Call `bootMicroPython` inside `withInterpreter` (one interpreter per JS realm at a time).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimBoard } from '../board.ts';
import { boardBridge, type BoardEvents } from './bridge-board.ts';
import { flashBridge } from './bridge-flash.ts';
import { netBridge } from './bridge-net.ts';
import { loadInterpreter, type PyInterpreter } from './interpreter.ts';
import { compileMpy } from './mpy-cross.ts';
import { twinOf } from './precompiled.ts';

const SHIM_DIR = join(import.meta.dirname, 'shims');
/** Shim file → the module name it is first imported as (_otalab_boot.py installs the real names). */
const SHIM_MODULES: Record<string, string> = {
  '_otalab_boot.py': '_otalab_boot',
  '_otalab_sim.py': '_otalab_sim',
  'vfs_flash.py': '_shim_vfs',
  'os.py': '_shim_os',
  'time.py': '_shim_time',
  'machine.py': '_shim_machine',
  'network.py': '_shim_network',
  'socket.py': '_shim_socket',
  'ssl.py': '_shim_ssl',
  'hashlib.py': '_shim_hashlib',
  'otalab_hooks.py': '_shim_otalab_hooks',
};

/** Only on boards running a foreign updater (BootOptions.requests): our updater speaks HTTP itself. */
const REQUESTS_SHIM = readFileSync(join(SHIM_DIR, 'requests.py'), 'utf8');

/** Module name → source; and → `.mpy` (null where mpy-cross is missing or refused it). */
interface Shims {
  sources: Map<string, string>;
  compiled: Map<string, Uint8Array | null>;
}

let shimsReady: Promise<Shims> | null = null;

/** Read and compiled once per realm. */
function shims(): Promise<Shims> {
  shimsReady ??= (async () => {
    const sources = new Map(Object.entries(SHIM_MODULES).map(([file, mod]) => [mod, readFileSync(join(SHIM_DIR, file), 'utf8')]));
    const compiled = new Map<string, Uint8Array | null>();
    for (const [mod, src] of sources) compiled.set(mod, await compileMpy(`/sim/${mod}.py`, src));
    return { sources, compiled };
  })();
  return shimsReady;
}

/**
 * Heap samples of one boot. In this wasm build the garbage collector runs only between top-level
 * calls into the interpreter (the wasm stack cannot be scanned), so inside a boot `gc.collect()`
 * frees nothing and `gc.mem_alloc()` counts every allocation since the boot began: samples taken
 * during the boot are cumulative (an upper bound on the live heap), only `idle` and `retained`
 * (taken at the top level) are live sizes.
 */
export interface HeapReport {
  /** Live heap after start-up (shims loaded, before boot.py), bytes. */
  idle: number;
  /** Heap when recovery reported, bytes; null if never reached. */
  atRecovered: number | null;
  /** Highest heap seen at any shim call, bytes. */
  peak: number;
  /** The shim call where the peak was seen (e.g. 'vfs.FlashFile.write'). */
  peakAt: string;
  /** Shim calls sampled. */
  samples: number;
  /** Highest heap per shim call label. */
  byLabel: Map<string, number>;
  /** Live heap after the boot ran to its end (app included), collected at the top level; null if it did not end. */
  retained: number | null;
  /** Every sample in order, with the flash op count when it was taken (to find a window, e.g. one file's write). */
  trace: { label: string; bytes: number; opCount: number }[];
}

export function newHeapReport(): HeapReport {
  return { idle: 0, atRecovered: null, peak: 0, peakAt: '', samples: 0, byLabel: new Map(), retained: null, trace: [] };
}

export interface BootOptions {
  log: (line: string) => void;
  /**
   * Filled with live-heap samples (gc.collect + gc.mem_alloc at every shim call: slow, for
   * benches) as the boot goes, so it survives a boot that ends in a reset or a cut.
   */
  heap?: HeapReport;
  onRecovered?: (action: string) => void;
  onOutcome?: (outcome: string) => void;
  onLed?: (value: number) => void;
  uniqueIdHex?: string;
  batteryPercent?: number | null;
  /**
   * The app model, asked once boot.py is done: Python to run as the healthy app (it confirms),
   * or null when the app crashes at start (nothing runs). Absent: no app.
   */
  app?: () => string | null;
  /**
   * Run precompiled bytecode (default true): the shims as `.mpy`, and flash `.py` files that
   * have a compiled twin (precompiled.ts) imported as their twin. False: every module is compiled
   * from source in the interpreter, as on a board (the heap then counts the compiler's garbage).
   */
  precompiled?: boolean;
  /** Wall-time breakdown of the boot, for benches (`now` is injected: sim/ reads no clock itself). */
  timing?: BootTiming;
  /**
   * How the updater starts (default: the flash's boot.py): another board file run as boot.py, or
   * Python code (a call into the updater's module). Foreign updaters (scenarios/targets/foreign.ts).
   */
  start?: { file: string } | { code: string };
  /** Offer `requests` / `urequests` as Pico W firmware freezes them (shims/requests.py). */
  requests?: boolean;
  /** Called when the updater's part of the boot is over, before the app (foreign.ts snapshots the flash). */
  onUpdaterDone?: () => void;
}

/** Wall milliseconds per phase of a boot, added to as boots go (so one object can sum many). */
export interface BootTiming {
  now: () => number;
  loadMs: number;
  shimsMs: number;
  bootPyMs: number;
  appMs: number;
  boots: number;
}

export function newBootTiming(now: () => number): BootTiming {
  return { now, loadMs: 0, shimsMs: 0, bootPyMs: 0, appMs: 0, boots: 0 };
}

export interface BootEnd {
  /** False when the flash has no boot.py. */
  ranBootPy: boolean;
  app: 'none' | 'crash' | 'ran';
  /** Exception text if the app code raised, else ''. */
  appError: string;
}

/** Runs one boot up to the app. Throws PowerLoss / DeviceReset when the board stops mid-way. */
export async function bootMicroPython(board: SimBoard, options: BootOptions): Promise<BootEnd> {
  const timing = options.timing;
  let mark = timing?.now() ?? 0;
  const lap = (phase: 'loadMs' | 'shimsMs' | 'bootPyMs' | 'appMs') => {
    if (!timing) return;
    const t = timing.now();
    timing[phase] += t - mark;
    mark = t;
  };
  if (timing) timing.boots++;
  const precompiled = options.precompiled ?? true;
  const shimCode = await shims();
  const { py, memory } = await loadInterpreter({
    stdout: (line) => options.log(line),
    stderr: (line) => options.log(`stderr: ${line}`),
  });
  const bytes = (addr: number, n: number) => new Uint8Array(memory.buffer, addr, n);
  const heap = options.heap ?? newHeapReport();
  const events: BoardEvents = {
    onRecovered: (action) => options.onRecovered?.(action),
    onOutcome: (outcome) => options.onOutcome?.(outcome),
    onLed: (value) => options.onLed?.(value),
    onHeap: (used, label) => {
      heap.trace.push({ label, bytes: used, opCount: board.flash.opCount });
      if (label === 'idle') heap.idle = used;
      if (label === 'recovered' && heap.atRecovered === null) heap.atRecovered = used;
      if (label === 'retained') {
        heap.retained = used;
        return;
      }
      heap.samples++;
      heap.byLabel.set(label, Math.max(heap.byLabel.get(label) ?? 0, used));
      if (used > heap.peak) {
        heap.peak = used;
        heap.peakAt = label;
      }
    },
  };
  const facts = { uniqueIdHex: options.uniqueIdHex ?? 'e6614103e7452d2f', batteryPercent: options.batteryPercent ?? null };
  py.registerJsModule('_otalab_bridge', {
    ...flashBridge(board.flash, bytes, precompiled ? twinOf : undefined),
    ...netBridge(board.link, bytes),
    ...boardBridge(board, facts, events, bytes),
    sim_twins: () => precompiled,
  });
  lap('loadMs');
  install(py, shimCode, precompiled, options.requests ?? false);
  if (options.heap) py.runPython('import _otalab_sim\n_otalab_sim.measure = True\n_otalab_sim.sample("idle")');
  lap('shimsMs');
  try {
    const start = options.start ?? { file: 'boot.py' };
    // Single-quoted, as before foreign starts existed: hil/kit/test-hardware.ts watches for this exact call.
    if ('file' in start) py.runPython(`_otalab_ran = _otalab_run('${start.file.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`);
    else py.runPython(`_otalab_ran = _otalab_call(${JSON.stringify(start.code)}) is not None`);
  } finally {
    lap('bootPyMs');
  }
  options.onUpdaterDone?.();
  const ranBootPy = py.globals.get('_otalab_ran') === true;
  const code = options.app === undefined ? undefined : options.app();
  let appError = '';
  if (typeof code === 'string') {
    py.runPython(`_otalab_app_error = _otalab_call(${JSON.stringify(code)})`);
    appError = String(py.globals.get('_otalab_app_error'));
    lap('appMs');
  }
  if (options.heap) {
    // Two top-level calls: the collection happens as the first returns.
    py.runPython('import gc\ngc.collect()');
    py.runPython('_otalab_sim.sample("retained")');
  }
  const app = code === undefined ? 'none' : code === null ? 'crash' : 'ran';
  return { ranBootPy, app, appError };
}

/** The shims into the interpreter's own filesystem (/sim, off the flash), then _otalab_boot runs them. */
function install(py: PyInterpreter, shimCode: Shims, precompiled: boolean, requests: boolean): void {
  py.FS.mkdir('/sim');
  for (const [mod, src] of shimCode.sources) {
    const mpy = precompiled ? shimCode.compiled.get(mod) : null;
    if (mpy) py.FS.writeFile(`/sim/${mod}.mpy`, mpy);
    else py.FS.writeFile(`/sim/${mod}.py`, src);
  }
  // requests.py imports the shims under their own names, so it loads before the flash replaces /.
  if (requests) py.FS.writeFile('/sim/_shim_requests.py', REQUESTS_SHIM);
  const [pre, post] = requests ? ['\nimport _shim_requests', "\nsys.modules['requests'] = sys.modules['urequests'] = _shim_requests\ndel _shim_requests"] : ['', ''];
  py.runPython(`import sys\nsys.path.insert(0, '/sim')${pre}\nfrom _otalab_boot import _otalab_run, _otalab_call${post}`);
}
