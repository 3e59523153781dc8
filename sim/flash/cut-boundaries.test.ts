/**
 * Property: a cut lands on an op boundary. For any script of file operations and any op k, the
 * flash after a cut `before` op k holds exactly what a clean run held after k ops, and after a
 * cut `after` op k what it held after k + 1 ops — on both profiles. On littlefs a torn cut also
 * equals `before` (every op is atomic there). fast-check prints the seed and path on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlashError } from '../../core/ports/flash.ts';
import { PowerLoss } from '../power.ts';
import type { CutMode } from './ops.ts';
import type { FlashProfileName } from './profile.ts';
import { VirtualFlash } from './virtual-flash.ts';

type Step =
  | { t: 'put'; path: string; chunks: number[] }
  | { t: 'rename'; from: string; to: string }
  | { t: 'remove'; path: string }
  | { t: 'mkdir'; path: string }
  | { t: 'rmdir'; path: string };

const PATHS = ['a', 'b', 'd', 'd/a', 'd/b', 'e/a'];
const path = fc.constantFrom(...PATHS);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ t: fc.constant('put' as const), path, chunks: fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 3 }) }),
  fc.record({ t: fc.constant('rename' as const), from: path, to: path }),
  fc.record({ t: fc.constant('remove' as const), path }),
  fc.record({ t: fc.constant('mkdir' as const), path }),
  fc.record({ t: fc.constant('rmdir' as const), path }),
);

/** Runs the script; FlashErrors are expected (the script is random), `after` sees each op boundary. */
function run(vf: VirtualFlash, script: Step[], after: () => void = () => {}): void {
  const attempt = <T>(fn: () => T): T | undefined => {
    let out: T | undefined;
    try {
      out = fn();
    } catch (err) {
      if (!(err instanceof FlashError)) throw err;
    }
    after();
    return out;
  };
  for (const [i, s] of script.entries()) {
    if (s.t === 'put') {
      const h = attempt(() => vf.openWrite(s.path));
      if (h === undefined) continue;
      for (const n of s.chunks) attempt(() => h.write(new Uint8Array(n).fill(i & 0xff)));
      attempt(() => h.close());
    } else if (s.t === 'rename') attempt(() => vf.rename(s.from, s.to));
    else if (s.t === 'remove') attempt(() => vf.remove(s.path));
    else if (s.t === 'mkdir') attempt(() => vf.mkdir(s.path));
    else attempt(() => vf.rmdir(s.path));
  }
}

type Durable = [Array<[string, number[]]>, string[]];
const durable = (vf: VirtualFlash): Durable => [[...vf.snapshot()].map(([p, b]) => [p, [...b]]), vf.dirs()];

function fresh(profile: FlashProfileName): VirtualFlash {
  const vf = new VirtualFlash({ profile, blockCount: 12, opLog: false });
  vf.load({ a: 'seed-a', 'd/b': 'seed-db' }, ['e']);
  return vf;
}

describe.each(['littlefs', 'fat'] as const)('cut boundaries on %s', (profile) => {
  it('a cut leaves exactly the state of a clean run at an op boundary', () => {
    const modes: CutMode[] = profile === 'littlefs' ? ['before', 'after', 'torn'] : ['before', 'after'];
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom(...modes), (script, pick, mode) => {
        const clean = fresh(profile);
        const states: Durable[] = [durable(clean)]; // states[k]: after k ops
        run(clean, script, () => {
          while (states.length <= clean.opCount) states.push(durable(clean));
        });
        if (clean.opCount === 0) return;
        const k = pick % clean.opCount;
        const cut = fresh(profile);
        cut.armCuts([{ op: k, mode }]);
        expect(() => run(cut, script)).toThrow(PowerLoss);
        expect(durable(cut)).toEqual(states[mode === 'after' ? k + 1 : k]);
        cut.power.powerOn();
        expect(cut.opCount).toBe(k + 1);
      }),
      { numRuns: 300 },
    );
  });
});
