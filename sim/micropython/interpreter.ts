/**
 * Fresh MicroPython interpreters (the official WebAssembly build, 1.27) for the virtual board:
 * a boot is a new interpreter on the surviving flash, as a reset is on a Pico W.
 *
 * The loader keeps its state in JS globals (`globalThis.Module`, `proxy_js_*`), so one realm runs
 * one interpreter at a time: a new load silently breaks the previous one. `withInterpreter`
 * serialises whole runs in this realm (sweep workers have their own realms). The compiled wasm
 * module is cached, so a boot pays instantiation only; the wasm Memory is captured at
 * instantiation because the loader does not export it (bulk bytes cross through it).
 */

export interface PyInterpreter {
  runPython(code: string): unknown;
  registerJsModule(name: string, module: Record<string, unknown>): void;
  FS: { mkdir(path: string): void; writeFile(path: string, data: string | Uint8Array): void };
  globals: { get(key: string): unknown };
}

export interface LoadedInterpreter {
  py: PyInterpreter;
  /** Read `.buffer` afresh on every use: a growing heap replaces it. */
  memory: WebAssembly.Memory;
}

export interface LoadOptions {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Initial heap; the build grows it on demand, so this is not a cap (platform notes). */
  heapBytes?: number;
}

// A variable specifier: the package ships no types, and this file types the slice it uses.
const PACKAGE = '@micropython/micropython-webassembly-pyscript/micropython.mjs';

type LoadFn = (o: { stdout: (l: string) => void; stderr: (l: string) => void; heapsize: number; linebuffer: boolean }) => Promise<PyInterpreter>;

let loadFn: LoadFn | null = null;
let compiled: WebAssembly.Module | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** Runs `fn` with this realm's interpreter slot to itself (runs queue; none overlaps another). */
export function withInterpreter<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/** Loads a fresh interpreter. Call only inside `withInterpreter` (it replaces the realm's globals). */
export async function loadInterpreter(options: LoadOptions): Promise<LoadedInterpreter> {
  loadFn ??= ((await import(PACKAGE)) as { loadMicroPython: LoadFn }).loadMicroPython;
  let memory: WebAssembly.Memory | null = null;
  const original = WebAssembly.instantiate;
  const patched = async (source: unknown, imports?: WebAssembly.Imports): Promise<unknown> => {
    let instance: WebAssembly.Instance;
    if (source instanceof WebAssembly.Module) {
      instance = await original(source, imports);
    } else {
      compiled ??= await WebAssembly.compile(source as BufferSource);
      instance = await original(compiled, imports);
    }
    memory = instance.exports.memory as WebAssembly.Memory;
    return source instanceof WebAssembly.Module ? instance : { module: compiled, instance };
  };
  (WebAssembly as { instantiate: unknown }).instantiate = patched;
  try {
    const py = await loadFn({ stdout: options.stdout, stderr: options.stderr, heapsize: options.heapBytes ?? 256 * 1024, linebuffer: true });
    if (memory === null) throw new Error('Failed to load MicroPython: the wasm memory was not captured at instantiation');
    return { py, memory };
  } finally {
    (WebAssembly as { instantiate: unknown }).instantiate = original;
  }
}
