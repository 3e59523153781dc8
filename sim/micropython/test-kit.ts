/**
 * Test helpers: one boot of a virtual Pico W whose flash holds the given files, running them in
 * the real interpreter through the shims. Returns the board, the printed lines and what stopped
 * the boot (null when boot.py ran to its end).
 */
import { SimBoard, type SimBoardOptions } from '../board.ts';
import { sampleSpec } from '../github/test-fixture.ts';
import { bootMicroPython, type BootEnd, type BootOptions } from './host.ts';
import { withInterpreter } from './interpreter.ts';

export interface TestBoot {
  board: SimBoard;
  lines: string[];
  stopped: unknown;
  end: BootEnd | null;
}

const utf8 = new TextEncoder();

export function testBoard(files: Record<string, string | Uint8Array>, options: Partial<SimBoardOptions> = {}): SimBoard {
  const board = new SimBoard({ server: sampleSpec(), ...options });
  board.flash.load(new Map(Object.entries(files).map(([p, c]) => [p, typeof c === 'string' ? utf8.encode(c) : c])));
  return board;
}

/** Boots `board` once; a PowerLoss / DeviceReset is caught and returned as `stopped`. */
export async function bootOnce(board: SimBoard, options: Partial<BootOptions> = {}): Promise<TestBoot> {
  const lines: string[] = [];
  return withInterpreter(async () => {
    try {
      const end = await bootMicroPython(board, { log: (l) => lines.push(l), ...options });
      return { board, lines, stopped: null, end };
    } catch (err) {
      return { board, lines, stopped: err, end: null };
    }
  });
}

/** Runs `code` as boot.py on a board holding `files` (plus boot.py). */
export async function runBootPy(code: string, files: Record<string, string | Uint8Array> = {}, options: Partial<SimBoardOptions> = {}): Promise<TestBoot> {
  return bootOnce(testBoard({ ...files, 'boot.py': code }, options));
}

/** The flash op log as `kind path[→to]` strings. */
export function opsOf(board: SimBoard): string[] {
  return board.flash.opLog.map((o) => `${o.kind} ${o.path}${o.to !== undefined ? `→${o.to}` : ''}`);
}
