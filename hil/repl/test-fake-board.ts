/**
 * Test support: a small raw-REPL board on the mock binding. It speaks the pyexec.c bytes (raw
 * banner, OK, \x04 framing, raw paste with window grants) and hands code to `run`. It counts
 * soft resets and raw-paste window overruns so tests can assert the client never causes either.
 */
import type { SerialLink } from '../serial/index.ts';
import { openMockPort, type MockPort } from './test-mock-port.ts';

/** The board's side of a wire: bytes out to the host. */
interface Wire {
  emit(b: Uint8Array | string): unknown;
}

export interface FakeBoardOptions {
  /** What the board answers to `\x05A\x01`: supported, `R\x00`, or old firmware (`ra…`). */
  paste?: 'raw-paste' | 'R0' | 'ra';
  window?: number;
  /** Delay before each window grant: a slow consumer (flash writes). */
  grantDelayMs?: number;
  run(code: string): { out: string; err: string } | Promise<{ out: string; err: string }>;
}

export interface FakeBoard {
  port: MockPort;
  /** Bytes from the host, for boards driven over another wire (a pty end, a socket). */
  hear(b: Uint8Array): void;
  readonly softResets: number;
  /** Most bytes the host ever had in flight beyond what the board had granted; must stay 0. */
  readonly overrun: number;
  readonly codes: string[];
  mode(): 'friendly' | 'raw' | 'paste';
}

const BANNER = 'raw REPL; CTRL-B to exit\r\n>';
const cooked = (s: string): string => s.replace(/\r?\n/g, '\r\n');

export async function startFakeBoard(options: FakeBoardOptions): Promise<FakeBoard> {
  const brain = fakeBoardBrain(options);
  const port = await openMockPort((b, p) => brain.hear(b, p));
  // Assign onto the view: spreading would freeze its getters.
  return Object.assign(brain.view, { port, hear: (b: Uint8Array) => brain.hear(b, port) });
}

/** The same board on the far end of a real link (the board side of a socat pty pair). */
export function fakeBoardOn(link: SerialLink, options: FakeBoardOptions): Omit<FakeBoard, 'port' | 'hear'> {
  const brain = fakeBoardBrain(options);
  const wire: Wire = { emit: (b) => link.write(typeof b === 'string' ? Buffer.from(b, 'latin1') : b).catch(() => undefined) };
  link.onData((b) => brain.hear(b, wire));
  return brain.view;
}

function fakeBoardBrain(options: FakeBoardOptions): { hear(b: Uint8Array, wire: Wire): void; view: Omit<FakeBoard, 'port' | 'hear'> } {
  const window = options.window ?? 128;
  let mode: 'friendly' | 'raw' | 'paste' = 'friendly';
  let line: number[] = [];
  let paste: number[] = [];
  let allowance = 0;
  let consumedMark = 0;
  let escape = 0; // progress through \x05 A \x01
  let busy: Promise<void> = Promise.resolve();
  const state = { softResets: 0, overrun: 0, codes: [] as string[] };

  const execute = (port: Wire, code: string, ack: string): void => {
    state.codes.push(code);
    busy = busy.then(async () => {
      port.emit(ack);
      const { out, err } = await options.run(code);
      port.emit(`${cooked(out)}\x04${cooked(err)}\x04>`);
    });
  };

  const onByte = (port: Wire, c: number): void => {
    if (mode === 'paste') {
      if (c === 0x04) {
        mode = 'raw';
        execute(port, Buffer.from(paste).toString('utf8'), '\x04');
        paste = [];
        return;
      }
      paste.push(c);
      if (paste.length > allowance) state.overrun = Math.max(state.overrun, paste.length - allowance);
      while (paste.length - consumedMark >= window) {
        consumedMark += window;
        const grant = (): void => {
          allowance += window;
          port.emit('\x01');
        };
        if (options.grantDelayMs) setTimeout(grant, options.grantDelayMs);
        else grant();
      }
      return;
    }
    if (mode === 'friendly') {
      if (c === 0x01) {
        mode = 'raw';
        line = [];
        port.emit(`\r\n${BANNER}`);
      } else if (c === 0x03) port.emit('\r\n>>> ');
      return;
    }
    // raw mode
    if (options.paste !== 'ra') {
      if (escape === 0 && c === 0x05) return void (escape = 1);
      if (escape === 1) {
        if (c === 0x41) return void (escape = 2);
        escape = 0;
        line.push(0x05);
      } else if (escape === 2) {
        escape = 0;
        if (c === 0x01) {
          if (options.paste === 'R0') port.emit('R\x00');
          else {
            mode = 'paste';
            paste = [];
            consumedMark = 0;
            // The window, then the reader's first grant (pyexec.c): the host may send 2 windows.
            allowance = 2 * window;
            port.emit(Buffer.from([0x52, 0x01, window & 0xff, window >> 8, 0x01]).toString('latin1'));
          }
          return;
        }
        line.push(0x05, 0x41);
      }
    }
    if (c === 0x01) {
      line = [];
      port.emit(BANNER);
    } else if (c === 0x02) {
      mode = 'friendly';
      port.emit('\r\nMicroPython v1.27.0 on 2026-01-01; Raspberry Pi Pico W with RP2040\r\nType "help()" for more information.\r\n>>> ');
    } else if (c === 0x03) line = [];
    else if (c === 0x04) {
      if (line.length === 0) {
        state.softResets++;
        port.emit(`OK\r\nMPY: soft reboot\r\n${BANNER}`);
      } else {
        execute(port, Buffer.from(line).toString('utf8'), 'OK');
        line = [];
      }
    } else line.push(c);
  };

  // Writes go out in order: each emit is chained after the previous one.
  let out: Promise<unknown> = Promise.resolve();
  const ordered = (wire: Wire): Wire => ({ emit: (b) => (out = out.then(() => wire.emit(b))) });
  const view = {
    get softResets() {
      return state.softResets;
    },
    get overrun() {
      return state.overrun;
    },
    codes: state.codes,
    mode: () => mode,
  };
  return {
    view,
    hear(b, wire) {
      const w = ordered(wire);
      for (const c of b) onByte(w, c);
    },
  };
}
