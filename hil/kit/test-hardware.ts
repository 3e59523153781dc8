/**
 * Test support: scratch registers and UART0 for the simulator's virtual Pico W, whose `machine`
 * has neither. Kept in JS (they must outlive the fresh interpreter each boot gets) and added by
 * wrapping `loadInterpreter`: a test file mocks sim/micropython/interpreter.ts with
 * `withKitHardware` (kit.test.ts). This file imports no simulator code, so the mock factory can
 * load it without importing the module it is replacing.
 */
import type { LoadedInterpreter, LoadOptions } from '../../sim/micropython/interpreter.ts';
import { SCRATCH0 } from './index.ts';

/** The board's scratch registers and what it wrote to UART0 (one board at a time per realm). */
export const hw = {
  regs: [0, 0, 0, 0],
  uart: '',
  rx: '',
  /** Called with each line the board writes (the host reacting: e.g. cutting the power). */
  onLine: null as ((line: string) => void) | null,
};

const SHIM = `
import sys
import _kit_hw
_m = sys.modules['machine']


class _Mem32:
    def __getitem__(self, a):
        v = int(_kit_hw.mem_get(a))
        if v < 0:
            raise ValueError('kit test board: no register at 0x%x' % a)
        return v

    def __setitem__(self, a, v):
        if _kit_hw.mem_set(a, str(v & 0xFFFFFFFF)) < 0:
            raise ValueError('kit test board: no register at 0x%x' % a)


class _UART:
    def __init__(self, id, baudrate=115200, **kw):
        pass

    def write(self, b):
        _kit_hw.uart_write(str(b, 'utf-8'))
        return len(b)

    def flush(self):
        pass

    def txdone(self):
        return True

    def any(self):
        return _kit_hw.uart_any()

    def read(self, n=-1):
        s = _kit_hw.uart_read(n)
        return s.encode() if s else None


_m.mem32 = _Mem32()
_m.UART = _UART
del _m
`;

const regIndex = (addr: number) => {
  const i = (addr - SCRATCH0) / 4;
  return Number.isInteger(i) && i >= 0 && i < 4 ? i : -1;
};

type Load = (o: LoadOptions) => Promise<LoadedInterpreter>;

/** Wraps loadInterpreter: each interpreter gets machine.mem32 (R0..R3 only) and machine.UART. */
export function withKitHardware(load: Load): Load {
  return async (options) => {
    const loaded = await load(options);
    const py = loaded.py;
    py.registerJsModule('_kit_hw', {
      mem_get: (addr: number) => {
        const i = regIndex(Number(addr));
        return i < 0 ? '-1' : String(hw.regs[i]);
      },
      mem_set: (addr: number, v: string) => {
        const i = regIndex(Number(addr));
        if (i < 0) return -1;
        hw.regs[i] = Number(v) >>> 0;
        return 0;
      },
      uart_write: (s: string) => {
        hw.uart += String(s);
        // May throw (a power cut): the exception leaves the interpreter as the board dies.
        for (const line of String(s).split('\n')) if (line !== '') hw.onLine?.(line);
      },
      uart_any: () => hw.rx.length,
      uart_read: (n: number) => {
        const k = n < 0 ? hw.rx.length : Math.min(n, hw.rx.length);
        const out = hw.rx.slice(0, k);
        hw.rx = hw.rx.slice(k);
        return out;
      },
    });
    const run = py.runPython.bind(py);
    let installed = false;
    // host.ts installs the firmware shims, then runs boot.py: the hardware goes in between.
    py.runPython = (code: string) => {
      if (!installed && code.includes("_otalab_run('boot.py')")) {
        installed = true;
        run(SHIM);
      }
      return run(code);
    };
    return loaded;
  };
}

