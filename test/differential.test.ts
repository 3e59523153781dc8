// A differential sample on every `npm test`: the same random fault schedules on both updaters
// (core/ on ts, device/ on micropython), which must agree on everything a user could observe
// (files, error codes, requests, boot ends, flash op kinds) and pass the oracle. The campaign
// over the whole library is its own command, run by .ci/run after `npm test`:
// `npm run campaign:diff` (.ci/campaign-diff; one scenario: `npx otalab sim diff <file> --runs N --seed S`).
import { describe, expect, it } from 'vitest';
import { loadOne } from '../cli/library.ts';
import { judgeFor } from '../scenarios/lab/context.ts';
import { diff, withUpdaterFiles } from '../scenarios/lab/diff.ts';
import { micropythonTarget } from '../scenarios/targets/micropython.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';

const SAMPLE = [
  ['scenarios/library/add-replace-delete-nested-empty.yaml', 201],
  ['scenarios/library/stable-manifest.yaml', 203],
] as const;
const RUNS = 4;

describe('differential fuzzing: ts and micropython agree', () => {
  for (const [file, seed] of SAMPLE) {
    it(`${file}: ${RUNS} fault schedules (seed ${seed})`, async () => {
      const { scenario } = await loadOne(file);
      const result = await diff(withUpdaterFiles(tsTarget()), micropythonTarget(), scenario, file, { seed, runs: RUNS, maxBoots: scenario.maxBoots ?? 8, judge: judgeFor(scenario) });
      const f = result.failure;
      const why = f
        ? [...f.differences.map((d) => `${d.what}: ${d.message}`), ...f.violations.flatMap((t) => t.violations.map((v) => `${t.target} ${v.invariant}: ${v.message}`)), `replay: ${f.replay}`].join('\n')
        : '';
      expect(f, why).toBeNull();
      expect(result.runs).toBe(RUNS);
      expect(result.cleanOps).toBeGreaterThan(10);
    }, 120_000);
  }
});
