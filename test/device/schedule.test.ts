// device/lib/otalab/schedule.py decides when to update exactly as core/update does: the same
// window verdicts and reasons, the same bucket for a board id, the same reading of a release's
// `rollout:` line. Inputs are drawn at random (fast-check prints the seed of a failure); core is the oracle.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { releaseRollout, rolloutBucket, rolloutDeferral } from '../../core/update/rollout.ts';
import { validateConfig } from '../../core/config/index.ts';
import { windowDeferral } from '../../core/update/window.ts';
import { loadDevice, type Device } from './harness.ts';

const seed = Date.now() % 1_000_000;
let dev: Device;
beforeAll(async () => {
  console.log(`device schedule property seed ${seed}`);
  dev = await loadDevice();
  dev.run('import json\nfrom otalab import schedule as W, config as CF');
});

const py = (code: string, input: unknown) => {
  dev.mp.globals.set('_text', JSON.stringify(input));
  return JSON.parse(dev.eval(`_v = json.loads(_text)\n${code}`)) as unknown;
};

// Release notes built from the pieces the parser cares about, plus any text.
const piece = fc.constantFrom('rollout', 'Rollout', 'ROLLOUT', 'rollouts', ':', ' ', '\t', '\r', '\n', '%', '5', '25', '100', '101', '0', 'x', '-', 'é', '😀', 'twenty-five-percent-of-the-fleet');
const body = fc.oneof(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 30 }));

describe('device schedule.py agrees with core', () => {
  it('reads the same rollout percent (and the same unreadable text) from any release notes', () => {
    fc.assert(
      fc.property(body, (b) => {
        const [percent, invalid] = py('_out = json.dumps(W.release_rollout(_v))', b) as [number, string | null];
        expect({ percent, invalid }).toEqual(releaseRollout(b));
      }),
      { numRuns: 300, seed, examples: [['rollout: twenty-five-percent-of-the-fleet'], ['x\r\n rollout\t:\t25 %\r\n']] },
    );
  });

  it('gives the same bucket and the same ROLLOUT_WAIT reason', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 16, maxLength: 16 }), body, fc.option(fc.integer({ min: 0, max: 100 })), (id, b, cap) => {
        const bucket = py('_out = json.dumps(W.bucket(_v))', id) as number;
        expect(bucket).toBe(rolloutBucket(id));
        const d = py('_out = json.dumps(W.rollout_deferral("v2.0", _v[0], _v[1], _v[2]))', [b, cap, bucket]) as [string, string] | null;
        const want = rolloutDeferral('v2.0', b, cap, bucket);
        expect(d === null ? null : { code: d[0], reason: d[1] }).toEqual(want);
      }),
      { numRuns: 150, seed },
    );
  });

  it('gives the same window verdict and reason at any time, for any window and policy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.option(fc.integer({ min: 0, max: 23 })),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom('defer' as const, 'allow' as const),
        (nowS, start, end, policy) => {
          const now = Math.floor(nowS / 1000) * 1000; // the device's clock has whole seconds
          const cfg = { update_window_start_hour: start, update_window_end_hour: start === null ? null : end, update_window_unknown_clock: policy };
          const d = py('_out = json.dumps(W.window_deferral(_v[0], _v[1]))', [now, cfg]) as [string, string] | null;
          const want = windowDeferral(now, cfg);
          expect(d === null ? null : { code: d[0], reason: d[1] }).toEqual(want);
        },
      ),
      { numRuns: 200, seed },
    );
  });

  it('accepts and refuses the same schedule settings as core, with the same values', () => {
    const keys = ['update_window_start_hour', 'update_window_end_hour', 'update_window_unknown_clock', 'rollout_percent', 'max_crashes_before_delay'] as const;
    const value = fc.constantFrom<unknown>(null, 0, 1, 3, 23, 24, -1, 100, 101, 2.5, '5', true, 'defer', 'allow', 'never');
    fc.assert(
      fc.property(fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }), (extra) => {
        const doc = { owner: 'o', repo: 'r', ...extra };
        let want: unknown[] | 'invalid';
        try {
          const c = validateConfig(doc, 'ota_config.json').config;
          want = keys.map((k) => c[k]);
        } catch {
          want = 'invalid';
        }
        const got = py(`try:\n    _c = CF.validate(_v)\n    _out = json.dumps([_c[k] for k in ${JSON.stringify(keys)}])\nexcept Exception:\n    _out = '"invalid"'`, doc);
        expect(got).toEqual(want);
      }),
      {
        numRuns: 200,
        seed,
        // The edges, each alone (random documents are mostly refused by some other key).
        examples: [[{ rollout_percent: 100 }], [{ rollout_percent: 0 }], [{ update_window_start_hour: 23, update_window_end_hour: 0 }], [{ update_window_end_hour: 4 }], [{ max_crashes_before_delay: 100 }], [{ max_crashes_before_delay: 1 }], [{ update_window_unknown_clock: 'allow' }]],
      },
    );
  });
});
