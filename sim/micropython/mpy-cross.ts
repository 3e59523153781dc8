/**
 * Precompiled bytecode: MicroPython's `mpy-cross` (v1.19, mpy ABI 6; npm
 * `@pybricks/mpy-cross-v6` 2.0.0, built to wasm) turns Python source into `.mpy`. The 1.27
 * interpreter loads it: its `sys.implementation._mpy` is 0x306 (version 6, sub-version 3), and a
 * bytecode-only `.mpy` of version 6 loads whatever its sub-version (only native code checks it).
 *
 * Compiles are cached per process by (embedded source name, sha256 of the source). A source that
 * mpy-cross refuses (a syntax error, or syntax newer than 1.19) answers null: the caller lets the
 * interpreter compile it, which gives the board's own error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface MpyCrossModule {
  arguments: string[];
  inputFileContents: string;
  callback: (status: number, mpy: Uint8Array | undefined, out: string[], err: string[]) => void;
  instantiateWasm: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void) => object;
}

type Factory = (module: MpyCrossModule) => unknown;

const PACKAGE = '@pybricks/mpy-cross-v6';

let tool: { factory: Factory; wasm: WebAssembly.Module } | null | undefined;
const cache = new Map<string, Promise<Uint8Array | null>>();
let queue: Promise<unknown> = Promise.resolve();

/** The tool, or null when the package is not installed (everything then compiles from source). */
async function mpyCross(): Promise<{ factory: Factory; wasm: WebAssembly.Module } | null> {
  if (tool !== undefined) return tool;
  try {
    const require = createRequire(import.meta.url);
    const factory = require(`${PACKAGE}/build/mpy-cross-v6.js`) as Factory;
    // The wasm is compiled once: Node 20 has a global fetch, which the package's loader would try
    // on a file path (and fail), so it never loads the binary itself.
    const wasm = await WebAssembly.compile(readFileSync(require.resolve(`${PACKAGE}/build/mpy-cross-v6.wasm`)));
    tool = { factory, wasm };
  } catch {
    tool = null;
  }
  return tool;
}

/** True when mpy-cross is installed. */
export async function mpyCrossAvailable(): Promise<boolean> {
  return (await mpyCross()) !== null;
}

/**
 * `.mpy` of `source`, with `sourceName` embedded (what tracebacks show: pass the path the
 * interpreter would have compiled it under). Null when mpy-cross is missing or refuses the source.
 */
export function compileMpy(sourceName: string, source: string | Uint8Array): Promise<Uint8Array | null> {
  const text = typeof source === 'string' ? source : new TextDecoder().decode(source);
  const key = `${sourceName}\0${createHash('sha256').update(text).digest('hex')}`;
  let hit = cache.get(key);
  if (!hit) {
    // One compile at a time: each runs a fresh instance of the tool (it exits after one file).
    hit = queue.then(() => runOnce(sourceName, text));
    queue = hit.catch(() => undefined);
    cache.set(key, hit);
  }
  return hit;
}

async function runOnce(sourceName: string, text: string): Promise<Uint8Array | null> {
  const t = await mpyCross();
  if (t === null) return null;
  return new Promise((resolve) => {
    // The emscripten loader adds process-wide handlers that rethrow (its Node defaults): remove
    // whatever it added, so compiling changes nothing about how this process handles errors.
    const before = new Set<unknown>([...process.listeners('uncaughtException'), ...process.listeners('unhandledRejection')]);
    try {
      t.factory({
        arguments: ['-s', sourceName, 'input.py'],
        inputFileContents: text,
        callback: (status, mpy) => resolve(status === 0 && mpy !== undefined ? mpy : null),
        instantiateWasm: (imports, receive) => {
          WebAssembly.instantiate(t.wasm, imports).then(receive, () => resolve(null));
          return {};
        },
      });
    } catch {
      resolve(null);
    } finally {
      for (const l of process.listeners('uncaughtException')) if (!before.has(l)) process.removeListener('uncaughtException', l);
      for (const l of process.listeners('unhandledRejection')) if (!before.has(l)) process.removeListener('unhandledRejection', l);
    }
  });
}
