/**
 * Messages between the three parts of a virtual board:
 * - the lab (index.ts) and the board process (board-process.ts), over the child_process IPC channel;
 * - the board process (the board's hardware: flash, USB, UART, watchdog, radio) and its CPU
 *   (cpu.ts, a worker thread running MicroPython), over worker messages. A reset or power cut
 *   terminates the CPU worker: any running code stops mid-statement, as on a board.
 */

/** machine.reset_cause() numbers of the rp2 port. */
export const RESET_CAUSE = { PWRON_RESET: 1, WDT_RESET: 3 } as const;

/** Lab → board process. */
export type LabRequest =
  | { id: number; op: 'power'; on: boolean }
  | { id: number; op: 'files' }
  | { id: number; op: 'load'; files: [string, Uint8Array][] }
  | { id: number; op: 'close' };

/** Board process → lab. */
export type BoardNotice =
  | { kind: 'ready'; uartPort: number }
  | { kind: 'reply'; id: number; ok: boolean; error?: string; files?: [string, Uint8Array][] }
  | { kind: 'usb'; up: boolean }
  | { kind: 'log'; line: string };

/** What a CPU worker is made with (it loads the interpreter and shims, then waits for `go`). */
export interface CpuStart {
  uniqueIdHex: string;
  /** Shared words: [0] rpc flag, [1] interrupt (Ctrl-C) flag. */
  signals: SharedArrayBuffer;
  heapBytes: number;
}

/** The boot. `soft`: a soft reset (USB stays up); `raw`: the REPL mode to come back in. */
export interface CpuGo {
  kind: 'go';
  cause: number;
  soft: boolean;
  raw: boolean;
}

/** CPU → board process (asynchronous; synchronous calls go through rpc.ts). */
export type CpuNotice =
  | { kind: 'out'; bytes: Uint8Array }
  | { kind: 'uart'; bytes: Uint8Array }
  | { kind: 'ready' }
  | { kind: 'boot-py-done' }
  | { kind: 'idle' }
  | { kind: 'reset'; mode: 'hard' | 'soft'; raw: boolean }
  | { kind: 'wdt-start'; ms: number }
  | { kind: 'wdt-feed' };

/** Board process → CPU. */
export type CpuInput = { kind: 'in'; bytes: Uint8Array } | CpuGo;

export const SIGNAL = { RPC: 0, INTERRUPT: 1 } as const;
