/**
 * Test support: the fake raw-REPL board (hil/repl/test-fake-board.ts) executing code in the
 * official MicroPython WebAssembly interpreter, with its filesystem under /flash. Enough of a
 * board for deploy/dump/identity; the real virtual board (hil/virtual) is built elsewhere.
 */
import { startFakeBoard, type FakeBoard, type FakeBoardOptions } from '../repl/test-fake-board.ts';

interface Py {
  runPython(code: string): unknown;
  FS: { mkdir(path: string): void; writeFile(path: string, data: string | Uint8Array): void; readFile(path: string): Uint8Array };
}

export const FAKE_UNIQUE_ID = 'E6614104033F2A28';
export const FAKE_ROOT = '/flash';

export interface WasmBoard extends FakeBoard {
  py: Py;
}

// A variable specifier: the package ships no types (as sim/micropython/interpreter.ts loads it).
const PACKAGE = '@micropython/micropython-webassembly-pyscript/micropython.mjs';

export async function startWasmBoard(options: Omit<FakeBoardOptions, 'run'> = {}): Promise<WasmBoard> {
  const { loadMicroPython } = (await import(PACKAGE)) as {
    loadMicroPython(o: object): Promise<Py>;
  };
  let out = '';
  const py = await loadMicroPython({ stdout: (b: Uint8Array) => (out += Buffer.from(b).toString('utf8')), stderr: (b: Uint8Array) => (out += Buffer.from(b).toString('utf8')), heapsize: 2 << 20, linebuffer: false });
  py.FS.mkdir(FAKE_ROOT);
  py.FS.mkdir('/fakelib');
  py.FS.writeFile('/fakelib/machine.py', `def unique_id():\n    return bytes.fromhex('${FAKE_UNIQUE_ID}')\n`);
  py.runPython("import sys\nsys.path.append('/fakelib')");
  const board = await startFakeBoard({
    ...options,
    run(code) {
      out = '';
      try {
        py.runPython(code);
        return { out, err: '' };
      } catch (e) {
        return { out, err: (e as Error).message };
      }
    },
  });
  return Object.assign(board, { py });
}
