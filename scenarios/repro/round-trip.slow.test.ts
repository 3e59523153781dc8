// The repro round trip at every cut point (npm run test:slow): for each flash operation of two
// library scenarios' clean runs, the board cut there is dumped, reproduced against a real Git
// repository built from the scenario's spec, and run on; it must end exactly as the original run
// cut at the same point ends, and the dumped state must raise no finding (every state the
// updater leaves is one it can produce), and the replay must satisfy the oracle.
import { afterAll, describe, expect, it } from 'vitest';
import { judgeFor } from '../lab/context.ts';
import { comparable, cutPoints, openLab, roundTrip, type Lab } from './test-round-trip.ts';

const labs: Lab[] = [];
afterAll(() => labs.forEach((l) => l.close()));

describe('repro round trip at every cut point', () => {
  for (const name of ['developer-channel', 'add-replace-delete-nested-empty']) {
    it(name, async () => {
      const lab = await openLab(name);
      labs.push(lab);
      const cuts = await cutPoints(lab.scenario);
      const started = performance.now();
      const differ: string[] = [];
      const findings: string[] = [];
      const verdicts: string[] = [];
      for (const cut of cuts) {
        const t = await roundTrip(lab, cut);
        const at = `op ${cut.op} (${cut.mode})`;
        if (JSON.stringify(comparable(t.replay)) !== JSON.stringify(comparable(t.original))) differ.push(at);
        findings.push(...t.repro.findings.map((f) => `${at}: ${f}`));
        verdicts.push(...judgeFor(t.repro.scenario)(t.replayRun, []).map((v) => `${at}: ${JSON.stringify(v)}`));
      }
      console.log(`${name}: ${cuts.length} cut points round-tripped in ${((performance.now() - started) / 1000).toFixed(1)} s; ${differ.length} differ, ${findings.length} findings, ${verdicts.length} oracle verdicts on the replays`);
      expect(findings).toEqual([]);
      expect(verdicts).toEqual([]);
      expect(differ).toEqual([]);
    }, 300_000);
  }
});
