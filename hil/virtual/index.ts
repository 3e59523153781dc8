/**
 * A virtual Pico W for the hardware-in-the-loop runner: a separate Node process (board-process.ts)
 * with a persistent flash, a real pty as its USB serial port (present only while USB is up), a
 * UART0 side channel on TCP, real time, and real TCP sockets. See README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BoardProcessOptions } from './board-process.ts';
import type { BoardNotice, LabRequest } from './protocol.ts';

export interface VirtualBoardOptions {
  /** Where the pty link lives (default: a new temp dir). */
  dir?: string;
  /** USB serial number = the flash unique id in hex (default E6614104033F0001). */
  serial?: string;
  /** How long USB stays gone after a reset, at least (default 300 ms; a Pico W takes ~1 s). */
  usbGoneMs?: number;
  /** Initial GC heap of the interpreter, bytes (default 192 KiB; the wasm build grows it on demand). */
  heapBytes?: number;
  /** Flash contents before the first power-on. */
  files?: ReadonlyMap<string, Uint8Array>;
  /** Power on at start (default true). */
  powerOn?: boolean;
}

export interface VirtualBoard {
  readonly serial: string;
  /** The USB serial port; the path exists only while USB is up. */
  readonly portPath: string;
  /** UART0 side channel: tcp://127.0.0.1:N (buffers until a reader connects). */
  readonly uartUrl: string;
  readonly powered: boolean;
  /** Whether the USB port is up now. */
  readonly usbUp: boolean;
  /** Resolves when USB is up (after boot.py); rejects after `timeoutMs`. */
  whenUsbUp(timeoutMs?: number): Promise<void>;
  power(on: boolean): Promise<void>;
  /** The flash's files now (for tests and the lab's checks). */
  files(): Promise<Map<string, Uint8Array>>;
  /** Replaces the flash contents (e.g. while powered off). */
  load(files: ReadonlyMap<string, Uint8Array>): Promise<void>;
  /** Lines the board process logged (CPU crashes). */
  readonly log: readonly string[];
  close(): Promise<void>;
}

export async function startVirtualBoard(opts: VirtualBoardOptions = {}): Promise<VirtualBoard> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'otalab-vboard-'));
  const processOptions: BoardProcessOptions = {
    dir,
    serial: opts.serial ?? 'E6614104033F0001',
    usbGoneMs: opts.usbGoneMs ?? 300,
    heapBytes: opts.heapBytes ?? 192 * 1024,
  };
  // Run with tsx as bin/otalab.mjs does: no build step.
  const child = fork(join(import.meta.dirname, 'board-process.ts'), [JSON.stringify(processOptions)], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const board = new Board(child, processOptions, opts.dir === undefined ? dir : null);
  await board.ready;
  if (opts.files) await board.load(opts.files);
  if (opts.powerOn ?? true) await board.power(true);
  return board;
}

class Board implements VirtualBoard {
  readonly serial: string;
  readonly portPath: string;
  uartUrl = '';
  powered = false;
  usbUp = false;
  readonly log: string[] = [];
  readonly ready: Promise<void>;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (n: BoardNotice & { kind: 'reply' }) => void; reject: (e: Error) => void }>();
  #usbWaiters: (() => void)[] = [];
  #next = 1;
  #exited = false;

  /** The temp dir this board made (removed at close). */
  readonly #ownDir: string | null;

  constructor(child: ChildProcess, options: BoardProcessOptions, ownDir: string | null) {
    this.#child = child;
    this.#ownDir = ownDir;
    this.serial = options.serial;
    this.portPath = join(options.dir, 'ttyV');
    this.ready = new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`Failed to start the virtual board: its process exited (${code})`)));
      child.on('message', (n: BoardNotice) => {
        if (n.kind === 'ready') {
          this.uartUrl = `tcp://127.0.0.1:${n.uartPort}`;
          resolve();
        }
      });
    });
    child.on('message', (n: BoardNotice) => this.#notice(n));
    child.on('exit', () => {
      this.#exited = true;
      for (const p of this.#pending.values()) p.reject(new Error('Failed to reach the virtual board: its process exited'));
      this.#pending.clear();
    });
  }

  #notice(n: BoardNotice): void {
    if (n.kind === 'reply') {
      const p = this.#pending.get(n.id);
      this.#pending.delete(n.id);
      p?.resolve(n);
    } else if (n.kind === 'usb') {
      this.usbUp = n.up;
      if (n.up) {
        const w = this.#usbWaiters;
        this.#usbWaiters = [];
        for (const f of w) f();
      }
    } else if (n.kind === 'log') {
      this.log.push(n.line);
    }
  }

  async #request(req: LabRequest extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never): Promise<BoardNotice & { kind: 'reply' }> {
    if (this.#exited) throw new Error('Failed to reach the virtual board: it is closed');
    const id = this.#next++;
    const answer = new Promise<BoardNotice & { kind: 'reply' }>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#child.send({ ...req, id } as LabRequest);
    const r = await answer;
    if (!r.ok) throw new Error(`Failed to ${req.op} the virtual board: ${r.error}`);
    return r;
  }

  whenUsbUp(timeoutMs = 10_000): Promise<void> {
    if (this.usbUp) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Failed to see USB come up on ${this.portPath} within ${timeoutMs} ms`)), timeoutMs);
      this.#usbWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async power(on: boolean): Promise<void> {
    await this.#request({ op: 'power', on });
    this.powered = on;
    if (!on) this.usbUp = false;
  }

  async files(): Promise<Map<string, Uint8Array>> {
    return new Map((await this.#request({ op: 'files' })).files ?? []);
  }

  async load(files: ReadonlyMap<string, Uint8Array>): Promise<void> {
    await this.#request({ op: 'load', files: [...files] });
  }

  async close(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    await this.#request({ op: 'close' }).catch(() => undefined);
    await exited;
    if (this.#ownDir) rmSync(this.#ownDir, { recursive: true, force: true });
  }
}
