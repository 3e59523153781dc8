/**
 * A tree that breaks every rule of rules.ts once, in every way we know to slip past a regex: each
 * line that must be reported says so in a trailing `// expect: <regex>[ && <regex>…]` comment, and
 * every other line must stay silent (so the clean cases are checks against false alarms too).
 */
export const PLANTED: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'otalab', type: 'module' }),

  // Module references: every syntax, and the package's own name.
  'core/side-effect.ts': `import '../sim/board.ts'; // expect: reaches sim/board.ts
`,
  'core/self-name.ts': `import { SimBoard } from 'otalab/sim/board.ts'; // expect: reaches sim/board.ts
export const board = SimBoard;
`,
  'core/linked-package.ts': `import 'lab-alias/board.ts'; // expect: reaches sim/board.ts
`,
  'core/create-require.ts': `import { createRequire as cr } from 'node:module'; // expect: may not use module
const load = cr(import.meta.url);
export const board = load('../sim/board.ts'); // expect: require '../sim/board.ts' reaches sim/board.ts
export const cli = cr(import.meta.url)('../cli/main.ts'); // expect: reaches cli/main.ts
`,
  'core/template-import.ts': `const WHERE = 'sim';
export const folded = () => import(\`../\${WHERE}/board.ts\`); // expect: import\\(\\) '../sim/board.ts' reaches sim/board.ts
export const open = (x: string) => import(\`../\${x}/board.ts\`); // expect: cannot follow
export const plain = () => import(\`../cli/main.ts\`); // expect: reaches cli/main.ts
`,
  'core/other-forms.ts': `import type { SimBoard } from '../sim/board.ts'; // expect: reaches sim/board.ts
export * from '../scenarios/types.ts'; // expect: reaches scenarios/types.ts
export { sweep } from '../scenarios/lab/sweep.ts'; // expect: reaches scenarios/lab/sweep.ts
export type Board = import('../sim/board.ts').SimBoard; // expect: import type '../sim/board.ts' reaches sim/board.ts
export const escape = () => import('../../outside.ts'); // expect: leaves the repository
export const imports = () => import('#sim'); // expect: "imports" are not allowed
export type Kept = SimBoard;
`,
  'core/import-equals.cts': `import lab = require('../scenarios/types.ts'); // expect: import-equals '../scenarios/types.ts' reaches scenarios/types.ts
export = lab;
`,
  'core/commit.test.ts': `import { SimBoard } from '../sim/board.ts'; // expect: reaches sim/board.ts
export const fine = () => Date.now();
export const board = SimBoard;
`,

  // Host globals in core/ and sim/: every bypass, then aliases that a regex misses.
  'core/globals.ts': `export const a = () => globalThis.fetch('https://example.com'); // expect: uses globalThis && uses globalThis.fetch
export const b = () => new Date(); // expect: uses Date
export const c = () => performance.now(); // expect: uses performance && uses performance.now
export const d = () => setInterval(() => undefined, 10); // expect: uses setInterval
export const e = () => crypto.getRandomValues(new Uint8Array(4)); // expect: uses crypto \\(randomness && uses crypto.getRandomValues
export const f = () => Date.now(); // expect: uses Date.now \\(real time
export const g = () => Math.random(); // expect: uses Math.random \\(randomness
export const h = () => setTimeout(() => undefined, 10); // expect: uses setTimeout
export const i = () => process.hrtime.bigint(); // expect: uses process.hrtime
export const j = () => fetch('https://example.com'); // expect: uses fetch \\(the real network
export const k = () => { const M = Math; return M.random(); }; // expect: uses M.random
export const l = () => Math['random'](); // expect: uses Math\\['random'\\]
export const m = () => { const { now } = performance; return now(); }; // expect: uses performance && uses now
export const n = () => (globalThis as any)['Date']['now'](); // expect: uses globalThis
export const o = () => Date(); // expect: uses Date
export const p = () => { const D = Date; return D; }; // expect: uses Date
export const q = () => setImmediate(() => undefined); // expect: uses setImmediate
export const r = () => eval('1'); // expect: uses eval
export const s = () => { const { random: pick } = Math; return pick(); }; // expect: uses random
export const t = () => { const { random } = Math; return random(); }; // expect: uses random
`,
  'sim/imports.ts': `import { randomBytes } from 'node:crypto'; // expect: takes randomBytes
import { setTimeout as sleep } from 'node:timers/promises'; // expect: may not use timers/promises && uses setTimeout
import * as c from 'node:crypto';
import { performance as perf } from 'node:perf_hooks'; // expect: may not use perf_hooks && uses performance
export const r = () => [randomBytes(4), sleep(1), perf.now()]; // expect: uses perf.now
export const u = () => c.randomUUID(); // expect: uses c.randomUUID
`,
  'sim/github/signer.ts': `import { hmacSha256Hex } from '../../core/manifest/canonical.ts'; // expect: runs none of its logic && signs and canonicalises with its own code
import type { Http } from '../../core/ports/http.ts';
export const sign = hmacSha256Hex;
export type H = Http;
`,
  'sim/power.ts': `export class PowerLoss extends Error {}
`,
  'core/by-name.ts': `export const stopped = (e: Error) => e.name === 'PowerLoss'; // expect: names the simulator's class 'PowerLoss'
export const kind = (e: Error) => e.constructor.name; // expect: matches e.constructor.name
`,

  // Test support may use the host; production may not import it.
  'sim/test-kit.ts': `export const wall = () => Date.now() + Math.random();
`,
  'sim/uses-kit.ts': `import { wall } from './test-kit.ts'; // expect: reaches test support sim/test-kit.ts
export const w = wall;
`,

  // The lab may time itself but not roll dice.
  'scenarios/lab.ts': `export const took = (t0: number) => performance.now() - t0;
export const stamp = () => new Date().toISOString();
export const pick = () => Math.random(); // expect: uses Math.random \\(randomness
import { randomUUID } from 'node:crypto'; // expect: takes randomUUID
export const id = randomUUID;
`,

  // hil/ reaches the real world, rolls no dice, and only the CLI may import it.
  'hil/rig.ts': `import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Scenario } from '../scenarios/types.ts';
import type { SimBoard } from '../sim/board.ts';
import type { Clock } from '../core/ports.ts';
export const world = () => [spawn('uhubctl'), createConnection(80), readFileSync('/dev/null'), sleep(1), Date.now(), performance.now()];
export type Used = [Scenario, SimBoard, Clock];
export const dice = () => Math.random(); // expect: uses Math.random \\(randomness
export const cli = () => import('../cli/main.ts'); // expect: reaches cli/main.ts: hil/ may import only
`,
  'scenarios/uses-hil.ts': `import '../hil/rig.ts'; // expect: reaches hil/rig.ts: scenarios/ may import only
`,
  'sim/uses-hil.ts': `export type W = import('../hil/rig.ts').Used; // expect: reaches hil/rig.ts
`,

  // Must stay silent: calendar uses of Date, ports and locals that share a host name.
  'core/ports.ts': `export interface Clock { now(): number }
`,
  'core/clean.ts': `import type { Clock } from './ports.ts';
import { createHash } from 'node:crypto';
export const iso = (ms: number) => new Date(ms).toISOString();
export const utc = Date.UTC(2024, 0, 1);
export const parsed = Date.parse('2024-01-01T00:00:00Z');
export const isDate = (v: unknown) => v instanceof Date;
export const later = (clock: Clock) => clock.now() + 1;
export const port = { fetch: (url: string) => url, random: () => 4 };
export const local = () => { const random = () => 4; return random() + port.random() + port.fetch('x').length; };
export type Timer = ReturnType<typeof setTimeout>;
export const tick = () => queueMicrotask(() => undefined);
export const hash = createHash('sha256');
// A comment naming Date.now(), Math.random(), fetch() and import('../sim/board.ts') is just a comment.
export const text = 'Date.now() in a string is text';
`,
};

/** A link from node_modules into the repository, as npm makes for `file:` dependencies. */
export const LINKS: Record<string, string> = { 'node_modules/lab-alias': '../sim' };

/** `file:line` → the patterns its violations must match, from the `// expect:` comments. */
export function expectations(): Map<string, RegExp[]> {
  const out = new Map<string, RegExp[]>();
  for (const [file, text] of Object.entries(PLANTED)) {
    text.split('\n').forEach((line, i) => {
      const m = /\/\/ expect: (.*)$/.exec(line);
      if (m) out.set(`${file}:${i + 1}`, m[1]!.split(' && ').map((p) => new RegExp(p)));
    });
  }
  return out;
}
