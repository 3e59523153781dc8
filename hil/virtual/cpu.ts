/**
 * The CPU of the virtual Pico W: a worker thread running the official MicroPython wasm
 * interpreter. One worker per boot (a reset loses RAM; the board process terminates this worker
 * for a reset, a watchdog bite or a power cut, so running code stops mid-statement). Everything
 * that outlives a boot (flash, watchdog, scratch registers, sockets) lives in the board process
 * and is reached through rpc.ts.
 *
 * Serial: the friendly and raw REPL are the interpreter's own (`replProcessChar`); raw paste is
 * handled here because the interpreter cannot read stdin while it compiles.
 */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ConsoleText } from './console-text.ts';
import { SIGNAL, type CpuGo, type CpuInput, type CpuNotice, type CpuStart } from './protocol.ts';
import { rpcCaller } from './rpc.ts';
import { RawPaste } from './raw-paste.ts';

interface Wasm {
  runPython(code: string): unknown;
  registerJsModule(name: string, module: Record<string, unknown>): void;
  FS: { mkdir(path: string): void; writeFile(path: string, data: string | Uint8Array): void };
  replInit(): void;
  replProcessChar(c: number): number;
}
type LoadFn = (o: { stdout: (b: Uint8Array) => void; stderr: (b: Uint8Array) => void; heapsize: number; linebuffer: boolean }) => Promise<Wasm>;

const PACKAGE = '@micropython/micropython-webassembly-pyscript/micropython.mjs';
const SIM_SHIMS = join(import.meta.dirname, '..', '..', 'sim', 'micropython', 'shims');
const OWN_SHIMS = join(import.meta.dirname, 'shims');
/** [directory, file, module name]: the simulator's reusable shims and this board's own. */
const SHIMS: [string, string, string][] = [
  [SIM_SHIMS, '_otalab_sim.py', '_otalab_sim'],
  [SIM_SHIMS, 'vfs_flash.py', '_shim_vfs'],
  [SIM_SHIMS, 'os.py', '_shim_os'],
  [SIM_SHIMS, 'network.py', '_shim_network'],
  [SIM_SHIMS, 'hashlib.py', '_shim_hashlib'],
  [OWN_SHIMS, 'machine.py', '_vb_machine'],
  [OWN_SHIMS, 'time.py', '_vb_time'],
  [OWN_SHIMS, 'socket.py', '_vb_socket'],
  [OWN_SHIMS, 'ssl.py', '_vb_ssl'],
  [OWN_SHIMS, 'binascii.py', '_vb_binascii'],
  [OWN_SHIMS, '_vboard_boot.py', '_vboard_boot'],
];
const INTERRUPTED = -1001;
const WDT_MAX_MS = 8388;

const start = workerData as CpuStart & { rpcPort: MessagePort };
const board = parentPort!;
const signals = new Int32Array(start.signals);
const call = rpcCaller(start.rpcPort, signals);
const notify = (n: CpuNotice) => board.postMessage(n);

// ---- console output: cooked, batched (the CPU thread is busy while Python runs) -------------
const text = new ConsoleText();
let pending: number[] = [];
let lastFlush = performance.now();
/** While set, output is collected here instead of sent (replInit's banner in raw mode). */
let capture: number[] | null = null;

function flushOut(): void {
  if (pending.length === 0) return;
  const bytes = text.push(Uint8Array.from(pending));
  pending = [];
  lastFlush = performance.now();
  if (bytes.length > 0) notify({ kind: 'out', bytes });
}
function idleOut(): void {
  flushOut();
  const rest = text.flush();
  if (rest.length > 0) notify({ kind: 'out', bytes: rest });
}
/** Output bytes to drop: the raw REPL's own "OK" (sent early, or not at all in a raw paste). */
let skip = 0;
function onOutput(b: Uint8Array): void {
  if (skip > 0) {
    const n = Math.min(skip, b.length);
    skip -= n;
    b = b.subarray(n);
  }
  if (capture !== null) {
    for (const c of b) capture.push(c);
    return;
  }
  for (const c of b) pending.push(c);
  if (pending.length >= 512 || performance.now() - lastFlush > 20) flushOut();
}
/** Raw bytes straight to the console (protocol bytes the interpreter would send itself). */
function sendRaw(s: string): void {
  idleOut();
  notify({ kind: 'out', bytes: Buffer.from(s, 'latin1') });
}

// ---- the interpreter ----------------------------------------------------------------------
async function load(): Promise<{ py: Wasm; memory: WebAssembly.Memory }> {
  const { loadMicroPython } = (await import(PACKAGE)) as { loadMicroPython: LoadFn };
  let memory: WebAssembly.Memory | null = null;
  const original = WebAssembly.instantiate;
  // The loader does not export the wasm Memory; bulk bytes cross through it, so catch it here.
  (WebAssembly as { instantiate: unknown }).instantiate = async (source: unknown, imports?: WebAssembly.Imports) => {
    const result = (await original(source as BufferSource, imports)) as unknown;
    const instance = result instanceof WebAssembly.Instance ? result : (result as WebAssembly.WebAssemblyInstantiatedSource).instance;
    memory = instance.exports.memory as WebAssembly.Memory;
    return result;
  };
  try {
    const py = await loadMicroPython({ stdout: onOutput, stderr: onOutput, heapsize: start.heapBytes, linebuffer: false });
    if (memory === null) throw new Error('Failed to load MicroPython: the wasm memory was not captured');
    return { py, memory };
  } finally {
    (WebAssembly as { instantiate: unknown }).instantiate = original;
  }
}

function bridge(memory: WebAssembly.Memory): Record<string, unknown> {
  const bytes = (addr: number, n: number) => new Uint8Array(memory.buffer, addr, n);
  const copyOut = (addr: number, n: number) => Uint8Array.from(bytes(addr, n));
  const rpc = (fn: string, ...args: unknown[]) => {
    flushOut();
    return call(fn, args).value;
  };
  const hashes = new Map<number, { hash: Hash; digest: Buffer | null }>();
  let nextHash = 1;
  let wlanUp = false;
  const flashFns = ['fs_chdir', 'fs_getcwd', 'fs_stat', 'fs_list', 'fs_open_read', 'fs_open_write', 'fs_close', 'fs_rename', 'fs_remove', 'fs_mkdir', 'fs_rmdir', 'fs_free', 'fs_capacity', 'fs_sync'];
  const fns: Record<string, unknown> = Object.fromEntries(flashFns.map((fn) => [fn, (...args: unknown[]) => rpc(fn, ...args)]));
  return {
    ...fns,
    fs_read: (id: number, addr: number, n: number) => {
      flushOut();
      const a = call('fs_read', [id, n]);
      if (a.bytes) bytes(addr, a.bytes.length).set(a.bytes);
      return a.value;
    },
    fs_write: (id: number, addr: number, n: number) => rpc('fs_write', id, copyOut(addr, n)),
    heap_sample: () => undefined,
    sim_twins: () => false,

    // Ticks since this boot (a monotonic clock, from `go`).
    t_ticks_ms: () => Math.floor(performance.now() - bootAt) & 0x3fffffff,
    t_ticks_us: () => Math.floor((performance.now() - bootAt) * 1000) & 0x3fffffff,
    /** Real sleep; answers true when Ctrl-C ended it. */
    t_sleep_ms: (ms: number) => {
      flushOut();
      const end = performance.now() + Math.max(0, ms);
      for (;;) {
        if (Atomics.compareExchange(signals, SIGNAL.INTERRUPT, 1, 0) === 1) return true;
        const left = end - performance.now();
        if (left <= 0) return false;
        Atomics.wait(signals, SIGNAL.INTERRUPT, 0, left);
      }
    },
    /** Epoch ms as text: integers cross the bridge truncated to 32 bits. */
    t_now_ms_text: () => String(Date.now()),

    wdt_start: (ms: number): string => {
      if (!(ms >= 1 && ms <= WDT_MAX_MS)) return `timeout must be 1..${WDT_MAX_MS} ms`;
      notify({ kind: 'wdt-start', ms });
      return '';
    },
    wdt_feed: () => notify({ kind: 'wdt-feed' }),
    reset: (mode: string) => {
      idleOut();
      notify({ kind: 'reset', mode: mode === 'soft' ? 'soft' : 'hard', raw: false });
      // A reset never returns: the board process terminates this thread.
      for (;;) Atomics.wait(signals, SIGNAL.RPC, 2, 1000);
    },
    reset_cause: () => boot.cause,
    unique_id_hex: () => start.uniqueIdHex.toLowerCase(),
    mem_read: (addrHex: string) => rpc('mem_read', parseInt(addrHex, 16)),
    mem_write: (addrHex: string, value: string) => void rpc('mem_write', parseInt(addrHex, 16), Number(value)),
    uart_write: (addr: number, n: number) => notify({ kind: 'uart', bytes: copyOut(addr, n) }),
    uart_any: () => rpc('uart_any'),
    /** Up to n RX bytes into wasm memory at addr (a line only, with `line`); answers the count. */
    uart_read: (addr: number, n: number, line: boolean) => {
      flushOut();
      const a = call('uart_read', [n, Boolean(line)]);
      if (a.bytes) bytes(addr, a.bytes.length).set(a.bytes);
      return a.value;
    },

    led: () => undefined,
    adc_read_u16: () => 0,
    wlan_connect: () => void (wlanUp = true),
    wlan_disconnect: () => void (wlanUp = false),
    wlan_connected: () => wlanUp,

    net_resolve: (host: string) => rpc('net_resolve', host),
    net_socket: () => rpc('net_socket'),
    net_connect: (id: number, ip: string, port: number, ms: number) => waitable('net_connect', [id, ip, port, ms]),
    net_send: (id: number, addr: number, n: number) => rpc('net_send', id, copyOut(addr, n)),
    net_recv: (id: number, addr: number, n: number, ms: number) => {
      const a = waitableAnswer('net_recv', [id, n, ms]);
      if (a.bytes) bytes(addr, a.bytes.length).set(a.bytes);
      return a.value;
    },
    net_close: (id: number) => void rpc('net_close', id),

    sha1_new: () => {
      const id = nextHash++;
      hashes.set(id, { hash: createHash('sha1'), digest: null });
      return id;
    },
    sha1_update: (id: number, addr: number, n: number) => {
      const h = hashes.get(id);
      if (h === undefined || h.digest !== null) return -1;
      if (n > 0) h.hash.update(bytes(addr, n));
      return 0;
    },
    sha1_digest: (id: number, addr: number) => {
      const h = hashes.get(id);
      if (h === undefined) return -1;
      h.digest ??= h.hash.digest();
      bytes(addr, 20).set(h.digest);
      return 0;
    },
  };
}

/** Blocking network calls answer INTERRUPTED when Ctrl-C arrived (the board process ends the wait). */
function waitableAnswer(fn: string, args: unknown[]) {
  flushOut();
  const a = call(fn, args);
  if (a.value === INTERRUPTED) Atomics.store(signals, SIGNAL.INTERRUPT, 0);
  return a;
}
function waitable(fn: string, args: unknown[]): unknown {
  return waitableAnswer(fn, args).value;
}

/**
 * Ctrl-C while Python runs: the CPU thread is busy, so the board process raises a shared flag;
 * after any bridge call the flag schedules a KeyboardInterrupt in the VM (sleeps and network
 * waits end early on their own). A loop that calls no bridge function cannot be interrupted.
 */
function interruptible(fns: Record<string, unknown>): Record<string, unknown> {
  const vm = (globalThis as { Module?: { _mp_sched_keyboard_interrupt?: () => void } }).Module;
  const check = () => {
    if (Atomics.compareExchange(signals, SIGNAL.INTERRUPT, 1, 0) === 1) vm?._mp_sched_keyboard_interrupt?.();
  };
  return Object.fromEntries(
    Object.entries(fns).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        const r = (fn as (...a: unknown[]) => unknown)(...args);
        check();
        // A loop that prints rarely still shows its output (the thread never idles to flush).
        if (pending.length > 0 && performance.now() - lastFlush > 20) flushOut();
        return r;
      },
    ]),
  );
}

function install(py: Wasm): void {
  py.FS.mkdir('/vb');
  for (const [dir, file, mod] of SHIMS) py.FS.writeFile(`/vb/${mod}.py`, readFileSync(join(dir, file), 'utf8'));
  py.runPython("import sys\nsys.path.insert(0, '/vb')\nfrom _vboard_boot import _vb_run, _vb_mount");
}

// ---- the REPL -------------------------------------------------------------------------------
let raw = false;
/** Set by `go` (the worker is made ahead of its boot, so a reset does not wait for the load). */
let boot: CpuGo = { kind: 'go', cause: 0, soft: false, raw: false };
let bootAt = 0;
/** Bytes of the raw command being typed (a raw paste starts only on an empty raw line). */
let rawLine = 0;

/** One byte into the interpreter's REPL; false when it asked for a soft reset. */
function feed(py: Wasm, c: number): boolean {
  if (!raw && c === 0x01) raw = true;
  else if (raw && c === 0x02) raw = false;
  if (raw && c === 0x04 && rawLine > 0) {
    // The command's "OK" goes out now, not when the code is done (the thread is busy till then).
    sendRaw('OK');
    skip = 2;
  }
  if (raw) rawLine = c === 0x01 || c === 0x03 || c === 0x04 ? 0 : rawLine + 1;
  const r = py.replProcessChar(c);
  if (r !== 0) {
    // PYEXEC_FORCED_EXIT: Ctrl-D on an empty friendly line or an empty raw command.
    idleOut();
    notify({ kind: 'reset', mode: 'soft', raw });
    return false;
  }
  return true;
}

async function main(): Promise<void> {
  const { py, memory } = await load();
  py.registerJsModule('_otalab_bridge', interruptible(bridge(memory)));
  install(py);
  // Input that arrives before the REPL runs (typed during a soft reboot) waits for it.
  const early: Uint8Array[] = [];
  let onInput: ((bytes: Uint8Array) => void) | null = null;
  boot = await new Promise<CpuGo>((resolve) => {
    board.on('message', (m: CpuInput) => {
      if (m.kind === 'go') resolve(m);
      else if (onInput) onInput(m.bytes);
      else early.push(m.bytes);
    });
    notify({ kind: 'ready' });
  });
  bootAt = performance.now();
  raw = boot.raw;
  py.runPython('_vb_mount()');
  if (boot.soft) sendRaw('MPY: soft reboot\r\n');
  py.runPython("_vb_run('boot.py')");
  idleOut();
  notify({ kind: 'boot-py-done' });
  if (!raw) {
    py.runPython("_vb_run('main.py')");
    idleOut();
  }
  // The interpreter's REPL starts with "\r\n" + banner; a board prints the banner alone.
  capture = [];
  py.replInit();
  const banner = Uint8Array.from(capture);
  capture = null;
  if (raw) {
    capture = [];
    py.replProcessChar(0x01);
    capture = null;
    sendRaw('raw REPL; CTRL-B to exit\r\n>');
  } else {
    onOutput(banner[0] === 0x0d && banner[1] === 0x0a ? banner.subarray(2) : banner);
    idleOut();
  }
  let alive = true;
  const paste = new RawPaste({
    send: sendRaw,
    feed: (c) => void (alive &&= feed(py, c)),
    run: (code) => {
      for (const c of code) py.replProcessChar(c);
      // The raw REPL answers "OK" first: not part of the raw-paste answer.
      skip = 2;
      alive = feed(py, 0x04);
      idleOut();
    },
  });
  onInput = (bytes) => {
    if (!alive) return;
    const lastIntr = bytes.lastIndexOf(0x03);
    for (let i = 0; i < bytes.length && alive; i++) {
      const c = bytes[i]!;
      if (i === lastIntr) Atomics.store(signals, SIGNAL.INTERRUPT, 0);
      if (raw && paste.take(c, rawLine === 0)) continue;
      alive = feed(py, c);
    }
    if (alive) idleOut();
  };
  for (const bytes of early.splice(0)) onInput(bytes);
  notify({ kind: 'idle' });
}

void main();
