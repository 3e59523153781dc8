/**
 * The dependency rule of docs/DESIGN.md, as data. `check.ts` applies it; `test/layers.test.ts`
 * runs it on the repository and on a planted tree that breaks every rule once.
 *
 * Decisions worth knowing:
 * - Layers: core/ → core/; sim/ → sim/, core/; scenarios/ → scenarios/, sim/, core/; hil/ → hil/,
 *   scenarios/, sim/, core/. Only cli/ (not a checked layer) imports hil/: the lab runs the same
 *   scenarios with or without hardware, so nothing below the CLI may depend on a rig. Packages and
 *   Node builtins are not layers; what they may bring in is limited below.
 * - The simulator runs none of core's logic: its production files take only core/ports/ from
 *   core/ (the interfaces it implements). So the fake GitHub signs and canonicalises manifests
 *   with its own code, and a bug in core/manifest/ cannot be hidden by the very code under test.
 * - core/ and sim/ use no real time, randomness or network: the simulator's clock, the seed and
 *   the ports stand in for them. `queueMicrotask` and `clearTimeout` are allowed (they read no
 *   clock and draw nothing), as are calendar uses of `Date` (`new Date(ms)`, `Date.UTC`, `Date.parse`).
 * - scenarios/ is the lab, not the simulator: it may time itself (progress, durations, the date on
 *   a report) because no verdict depends on it, but every random choice derives from the seed.
 * - hil/ talks to the real world (boards, hubs, relays, a LAN): real time, sockets, child
 *   processes, the file system. Like the lab it rolls no dice: sampled cuts derive from the seed,
 *   so a hardware run can be repeated.
 * - Test support (tests, test kits, fixtures, benches) may use the host freely but production
 *   files may not import it, so the exemption cannot leak.
 */

/** Which top-level directories each layer may import from. */
export const LAYERS: Record<string, readonly string[]> = {
  core: ['core'],
  sim: ['sim', 'core'],
  scenarios: ['scenarios', 'sim', 'core'],
  hil: ['hil', 'scenarios', 'sim', 'core'],
};

/** Narrower rules inside an allowed edge: files under `from` may not import under `to` (but `unless`). */
export interface Fence {
  from: string;
  to: string;
  unless?: string;
  /** Test support under `from` is exempt. */
  productionOnly?: boolean;
  why: string;
}

export const FENCES: readonly Fence[] = [
  {
    from: 'sim/',
    to: 'core/',
    unless: 'core/ports/',
    productionOnly: true,
    why: "the simulator implements core's ports and runs none of its logic, so a core bug cannot hide in it",
  },
  { from: 'sim/github/', to: 'core/manifest/', why: 'the fake GitHub signs and canonicalises with its own code (sim/github/canonical-json.ts)' },
];

export const TIME = ['Date', 'now', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'hrtime', 'uptime', 'wait', 'waitAsync'];
export const CHANCE = [
  'random',
  'crypto',
  'webcrypto',
  'getRandomValues',
  'randomUUID',
  'randomBytes',
  'pseudoRandomBytes',
  'randomInt',
  'randomFill',
  'randomFillSync',
  'generateKey',
  'generateKeySync',
  'generateKeyPair',
  'generateKeyPairSync',
  'generatePrime',
  'generatePrimeSync',
];
export const NETWORK = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'];
export const ESCAPES = ['globalThis', 'global', 'window', 'self', 'eval', 'Function', 'require'];

export function kindOf(name: string): string {
  if (TIME.includes(name)) return 'real time';
  if (CHANCE.includes(name)) return 'randomness';
  if (NETWORK.includes(name)) return 'the real network';
  return 'a way around this check';
}

export interface Effects {
  layer: string;
  /** Host globals and members (see host-uses.ts) that production files may not touch. */
  names: readonly string[];
  /** Node builtins or packages production files may not import at all. */
  modules: readonly string[];
  why: string;
}

const TIMERS = ['timers', 'timers/promises', 'perf_hooks'];
const WORLD = ['fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'dns/promises', 'child_process', 'cluster', 'os', 'module', 'worker_threads', 'process', 'vm', 'readline', 'inspector', 'v8'];
const HTTP_CLIENTS = ['undici', 'node-fetch', 'axios', 'got'];

export const EFFECTS: readonly Effects[] = [
  { layer: 'core', names: [...TIME, ...CHANCE, ...NETWORK, ...ESCAPES], modules: [...TIMERS, ...WORLD, ...HTTP_CLIENTS], why: 'core/ reaches the world only through its ports' },
  { layer: 'sim', names: [...TIME, ...CHANCE, ...NETWORK, ...ESCAPES], modules: [...TIMERS, ...HTTP_CLIENTS], why: 'the simulator runs on virtual time and the seed' },
  { layer: 'scenarios', names: CHANCE, modules: [], why: 'every random choice of the lab derives from the seed' },
  { layer: 'hil', names: CHANCE, modules: [], why: 'hil/ may use the real world, but its random choices derive from the seed so a hardware run can be repeated' },
];

/** Where the host is allowed after all. Each entry must still be needed (the test checks). */
export interface Exemption {
  path: string;
  /** Only these names (all of EFFECTS when absent, modules included). */
  names?: readonly string[];
  why: string;
}

export const EXEMPT: readonly Exemption[] = [
  { path: 'core/adapters/', why: "the Node adapters are core's way to the real world (real fs, fetch, clock)" },
  {
    path: 'sim/github/msw-transport.ts',
    names: ['globalThis', 'fetch'],
    why: "msw patches the global fetch; onUnhandledRequest: 'error' keeps every request inside the fake GitHub",
  },
];

/** Tests and what only tests use: kits, fixtures, helpers, benches. */
export function isTestSupport(rel: string): boolean {
  return /\.test\.[cm]?[jt]s$|(^|\/)test-[\w-]+\.[cm]?[jt]s$|[\w-]-fixtures?\.[cm]?[jt]s$|(^|\/)bench\.[cm]?[jt]s$/.test(rel);
}
