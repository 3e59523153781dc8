// The slice of @micropython/micropython-webassembly-pyscript (1.27, ships no types) the device tests use.
declare module '@micropython/micropython-webassembly-pyscript/micropython.mjs' {
  export interface MicroPythonFS {
    mkdir(path: string): void;
    writeFile(path: string, data: string | Uint8Array): void;
    readFile(path: string, opts?: { encoding?: 'binary' | 'utf8' }): Uint8Array;
    readdir(path: string): string[];
    stat(path: string): { mode: number; size: number };
    isDir(mode: number): boolean;
  }
  export interface MicroPython {
    FS: MicroPythonFS;
    runPython(code: string): unknown;
    registerJsModule(name: string, module: Record<string, unknown>): void;
    globals: { get(key: string): unknown; set(key: string, value: unknown): void };
  }
  export function loadMicroPython(options?: {
    heapsize?: number;
    pystack?: number;
    stdout?: (line: string) => void;
    stderr?: (line: string) => void;
  }): Promise<MicroPython>;
}
