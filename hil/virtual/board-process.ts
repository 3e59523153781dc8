/**
 * The virtual Pico W's hardware, in its own Node process (started by index.ts): the flash
 * (VirtualFlash, littlefs profile; it survives resets and power cycles), the USB port (usb.ts),
 * UART0 (uart.ts), the radio (radio.ts), the watchdog and its scratch registers — and the CPU,
 * a worker thread (cpu.ts) replaced at every boot. Reset rules of the rp2 port:
 * - power-on: PWRON_RESET, scratch registers zero, boot.py then main.py; USB after boot.py;
 * - machine.reset() / watchdog bite: WDT_RESET, scratch kept, USB gone for at least
 *   `usbGoneMs` and back after boot.py;
 * - soft reset (Ctrl-D): USB stays, watchdog keeps running, boot.py, main.py only in the
 *   friendly REPL.
 */
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { VirtualFlash } from '../../sim/flash/index.ts';
import { flashBridge } from '../../sim/micropython/bridge-flash.ts';
import { RESET_CAUSE, SIGNAL, type BoardNotice, type CpuInput, type CpuNotice, type CpuStart, type LabRequest } from './protocol.ts';
import { Radio } from './radio.ts';
import { serveRpc } from './rpc.ts';
import { UartChannel } from './uart.ts';
import { UsbPort } from './usb.ts';

export interface BoardProcessOptions {
  dir: string;
  serial: string;
  usbGoneMs: number;
  heapBytes: number;
}

/** WATCHDOG_BASE + SCRATCH0: the four scratch registers a watchdog reboot keeps. */
const SCRATCH0 = 0x4005800c;

const options = JSON.parse(process.argv[2] ?? '{}') as BoardProcessOptions;
const send = (n: BoardNotice) => process.send?.(n);

const flash = new VirtualFlash({ profile: 'littlefs', opLog: false });
/** Bytes of one flash call (the bridge addresses them like wasm memory, from 0). */
let scratchBytes = new Uint8Array(4096);
const scratch = new Uint32Array(4);
const radio = new Radio();
const uart = new UartChannel();
const usb = new UsbPort(join(options.dir, 'ttyV'), (bytes) => {
  if (bytes.includes(0x03)) {
    // Ctrl-C reaches running code through a shared flag (the CPU thread is busy): sleeps and
    // network waits end with KeyboardInterrupt.
    Atomics.store(signals, SIGNAL.INTERRUPT, 1);
    Atomics.notify(signals, SIGNAL.INTERRUPT);
    radio.interrupt();
  }
  cpu?.postMessage({ kind: 'in', bytes } satisfies CpuInput);
});

let signals: Int32Array = new Int32Array(new SharedArrayBuffer(8));
let cpu: Worker | null = null;
let powered = false;
let cause: number = RESET_CAUSE.PWRON_RESET;
/** Bumped at every boot: stale events (a late USB bring-up) check it. */
let generation = 0;
let resetAt = 0;
let wdt: { ms: number; timer: NodeJS.Timeout } | null = null;

function flashCall(flashFns: Record<string, (...a: unknown[]) => unknown>, fn: string, args: unknown[]): { value: unknown; bytes?: Uint8Array } {
  if (fn === 'fs_read') {
    const [id, n] = args as [number, number];
    if (scratchBytes.length < n) scratchBytes = new Uint8Array(n);
    const r = flashFns['fs_read']!(id, 0, n) as number;
    return r > 0 ? { value: r, bytes: scratchBytes.slice(0, r) } : { value: r };
  }
  if (fn === 'fs_write') {
    const [id, data] = args as [number, Uint8Array];
    if (scratchBytes.length < data.length) scratchBytes = new Uint8Array(data.length);
    scratchBytes.set(data);
    return { value: flashFns['fs_write']!(id, 0, data.length) };
  }
  const f = flashFns[fn];
  if (f === undefined) throw new Error(`Failed to run ${fn}: no such board call`);
  return { value: f(...args) };
}

function memRead(addr: number): string {
  const i = (addr - SCRATCH0) / 4;
  return Number.isInteger(i) && i >= 0 && i < 4 ? String(scratch[i]) : '0';
}

function memWrite(addr: number, value: number): void {
  const i = (addr - SCRATCH0) / 4;
  if (Number.isInteger(i) && i >= 0 && i < 4) scratch[i] = value >>> 0;
}

function stopCpu(): void {
  if (cpu) void cpu.terminate();
  cpu = null;
}

function wdtStop(): void {
  if (wdt) clearTimeout(wdt.timer);
  wdt = null;
}

function wdtArm(ms: number): void {
  if (wdt) clearTimeout(wdt.timer);
  wdt = { ms, timer: setTimeout(() => void hardReset(), ms) };
}

interface Cpu {
  worker: Worker;
  signals: Int32Array;
  ready: Promise<void>;
  /** This boot's flash bridge (a boot starts with no open files and cwd '/'). */
  flashFns: Record<string, (...a: unknown[]) => unknown> | null;
}

/** A CPU worker that loads the interpreter and shims now and boots on `go`. */
function makeCpu(): Cpu {
  const sigs = new Int32Array(new SharedArrayBuffer(8));
  const channel = new MessageChannel();
  const start: CpuStart = { uniqueIdHex: options.serial, signals: sigs.buffer as SharedArrayBuffer, heapBytes: options.heapBytes };
  const worker = new Worker(new URL('./thread-entry.mjs', import.meta.url), {
    workerData: { ...start, rpcPort: channel.port1 },
    transferList: [channel.port1],
  });
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (n: CpuNotice) => n.kind === 'ready' && resolve());
    worker.once('error', reject);
  });
  const made: Cpu = { worker, signals: sigs, ready, flashFns: null };
  serveRpc(channel.port2, sigs, (fn, args) => {
    if (fn.startsWith('net_')) return radio.call(fn, args);
    if (fn === 'mem_read') return { value: memRead(args[0] as number) };
    if (fn === 'mem_write') return { value: memWrite(args[0] as number, args[1] as number) };
    if (fn === 'uart_any') return { value: uart.rxCount };
    if (fn === 'uart_read') {
      const bytes = uart.takeRx(args[0] as number, args[1] === true);
      return { value: bytes.length, bytes };
    }
    if (made.flashFns === null) throw new Error(`Failed to run ${fn}: the CPU has not booted`);
    return flashCall(made.flashFns, fn, args);
  });
  return made;
}

/** The next CPU, loaded ahead so that a reset does not wait for it (~200 ms). */
let spare: Cpu | null = null;

/** Boots a CPU as boot `gen`. */
function startCpu(gen: number, soft: boolean, raw: boolean): void {
  const next = spare ?? makeCpu();
  spare = null;
  cpu = next.worker;
  signals = next.signals;
  next.flashFns = flashBridge(flash, (addr, n) => scratchBytes.subarray(addr, addr + n)) as Record<string, (...a: unknown[]) => unknown>;
  next.worker.on('message', (n: CpuNotice) => {
    if (gen === generation) onCpu(gen, n);
  });
  next.worker.on('error', (err) => {
    send({ kind: 'log', line: `cpu crashed: ${String(err)}` });
  });
  void next.ready.then(
    () => {
      if (gen !== generation) return;
      next.worker.postMessage({ kind: 'go', cause, soft, raw } satisfies CpuInput);
      spare ??= makeCpu();
    },
    () => undefined,
  );
}

function onCpu(gen: number, n: CpuNotice): void {
  switch (n.kind) {
    case 'out':
      // The console is USB only: output while USB is down is lost, as on a Pico W.
      if (usb.up) usb.write(n.bytes);
      return;
    case 'uart':
      uart.write(n.bytes);
      return;
    case 'boot-py-done':
      if (!usb.up) void usbBack(gen);
      return;
    case 'idle':
    case 'ready':
      return;
    case 'wdt-start':
      wdtArm(n.ms);
      return;
    case 'wdt-feed':
      if (wdt) wdtArm(wdt.ms);
      return;
    case 'reset':
      if (n.mode === 'soft') softReset(n.raw);
      else void hardReset();
      return;
  }
}

async function usbBack(gen: number): Promise<void> {
  const wait = resetAt + options.usbGoneMs - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (gen !== generation || !powered) return;
  await usb.connect();
  if (gen !== generation || !powered) return;
  send({ kind: 'usb', up: true });
}

function softReset(raw: boolean): void {
  generation++;
  stopCpu();
  radio.closeAll();
  flash.power.powerOn('soft');
  startCpu(generation, true, raw);
}

/** A reboot with the chip reset (cause WDT_RESET unless powering on). */
async function hardReset(powerOn = false): Promise<void> {
  generation++;
  const gen = generation;
  stopCpu();
  wdtStop();
  radio.closeAll();
  resetAt = performance.now();
  uart.dropRx();
  if (usb.up) {
    await usb.disconnect();
    send({ kind: 'usb', up: false });
  }
  if (gen !== generation) return;
  flash.power.halt(powerOn ? 'power-cut' : 'watchdog');
  flash.power.powerOn('chip');
  cause = powerOn ? RESET_CAUSE.PWRON_RESET : RESET_CAUSE.WDT_RESET;
  startCpu(gen, false, false);
}

async function power(on: boolean): Promise<void> {
  if (on === powered) return;
  powered = on;
  if (on) return hardReset(true);
  generation++;
  stopCpu();
  wdtStop();
  radio.closeAll();
  scratch.fill(0);
  uart.dropRx();
  flash.power.halt('power-cut');
  if (usb.up) {
    await usb.disconnect();
    send({ kind: 'usb', up: false });
  }
}

process.on('message', (req: LabRequest) => {
  void (async () => {
    try {
      switch (req.op) {
        case 'power':
          await power(req.on);
          send({ kind: 'reply', id: req.id, ok: true });
          return;
        case 'files':
          send({ kind: 'reply', id: req.id, ok: true, files: [...flash.snapshot()] });
          return;
        case 'load':
          flash.load(new Map(req.files.map(([p, b]) => [p, Uint8Array.from(b)])));
          send({ kind: 'reply', id: req.id, ok: true });
          return;
        case 'close':
          await power(false);
          if (spare) await spare.worker.terminate();
          await uart.close();
          send({ kind: 'reply', id: req.id, ok: true });
          process.exit(0);
      }
    } catch (err) {
      send({ kind: 'reply', id: req.id, ok: false, error: String(err) });
    }
  })();
});
// The lab went away: nothing may outlive it (socat included).
process.on('disconnect', () => void usb.disconnect().finally(() => process.exit(0)));

const uartPort = await uart.listen();
send({ kind: 'ready', uartPort });
