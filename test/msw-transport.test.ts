// One fake GitHub, two ways in: the same runs through msw's interceptors (global fetch patched by
// setupServer) and through the direct adapter must be indistinguishable to the board — same
// requests on the wire, same files at the end.
import { afterAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../cli/library.ts';
import { closeMswTransport } from '../sim/github/msw-transport.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';
import type { RunResult } from '../scenarios/target.ts';

afterAll(() => closeMswTransport());

const view = (r: RunResult) => ({
  files: Object.fromEntries([...r.files].map(([p, b]) => [p, Buffer.from(b).toString('base64')])),
  requests: r.requests.map((q) => `${q.method} ${q.url} ${q.status} ${q.bodyBytes} ${q.authorization ?? '-'}`),
  boots: r.boots.map((b) => `${b.cause}/${b.end}/${b.outcome ?? ''}`),
  flashOps: r.flashOps,
});

describe('msw transport', () => {
  // Slow links (msw reads a body whole; the battery scenarios drain by airtime on one) and byte cuts (they land while msw reads the body).
  const SKIPPED = ['battery-falls-during-download', 'battery-stop-then-resume', 'power-cut-mid-download', 'resume-power-cut-90', 'watchdog-slow-tree-listing'];

  it('gives every library scenario the same run as the direct adapter', async () => {
    const library = await loadLibrary('scenarios/library');
    const direct = tsTarget();
    const viaMsw = tsTarget({ transport: 'msw' });
    const skipped: string[] = [];
    for (const { scenario } of library) {
      // msw's interceptor reads a mocked body whole before fetch resolves, so on a slow link the
      // whole body's time passes at once and the board gets no chunk to feed the watchdog between
      // (watchdog-slow-tree-listing); the direct adapter streams it. Runs on a slow link differ.
      if (scenario.link?.bandwidthBytesPerS !== undefined) {
        skipped.push(scenario.name);
        continue;
      }
      // For the same reason a byte cut (power-cut-at-bytes) lands while msw reads the body, before
      // fetch resolves: the board never gets the chunks before the cut that the direct adapter
      // hands it (power-cut-mid-download: 4 fewer flash writes). The cut itself works on both.
      if ((scenario.faults ?? []).some((f) => f.kind === 'power-cut-at-bytes')) {
        skipped.push(scenario.name);
        continue;
      }
      const plan = { faults: scenario.faults ?? [], seed: 1, maxBoots: scenario.maxBoots ?? 8 };
      const a = view(await direct.run(scenario, plan));
      const b = view(await viaMsw.run(scenario, plan));
      expect(b, scenario.name).toEqual(a);
    }
    // The skips are named, so a new scenario can't drop out of the comparison unnoticed.
    expect(skipped.sort()).toEqual(SKIPPED);
  }, 60_000);
});
