// A small fuzz campaign on every `npm test`: random fault schedules (several cuts, cuts during
// recovery, network faults) on the scenarios that exercise the most machinery. Longer campaigns:
// `npx otalab sim fuzz <scenario> --runs N --seed S`. A failure names its replay command.
import { describe, expect, it } from 'vitest';
import { loadOne } from '../cli/library.ts';
import { judgeFor } from '../scenarios/lab/context.ts';
import { fuzz } from '../scenarios/lab/fuzz.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';

const CAMPAIGN = [
  ['scenarios/library/add-replace-delete-nested-empty.yaml', 101],
  ['scenarios/library/trial-fails-rollback.yaml', 102],
  ['scenarios/library/stable-manifest.yaml', 103],
  ['scenarios/library/updater-replaces-itself.yaml', 104],
] as const;

describe('fuzzing', () => {
  for (const [file, seed] of CAMPAIGN) {
    it(`${file} survives 60 random fault schedules (seed ${seed})`, async () => {
      const { scenario } = await loadOne(file);
      const result = await fuzz(tsTarget(), scenario, file, { seed, runs: 60, maxBoots: scenario.maxBoots ?? 8, judge: judgeFor(scenario) });
      const failure = result.failure;
      expect(failure, failure ? `${failure.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ')}\nreplay: ${failure.replay}` : '').toBeNull();
      expect(result.runs).toBe(60);
    }, 60_000);
  }
});
