/**
 * `npm run bench:resume`: bytes on the wire for one 200,000-byte file when the link drops or the
 * power goes at 10 / 50 / 90 % of it, with resume (the fake GitHub honours Range, SPEC §13) and
 * without (the same updater against a server that ignores Range: every retry restarts the file).
 * Runs core/ on the simulated Pico W (the ts target); the device updater makes the same requests
 * (the resume-* library scenarios pass `sim diff`). Prints a table; asserts nothing.
 */
import { judgeFor } from '../scenarios/lab/context.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';
import type { Fault, Scenario } from '../scenarios/types.ts';

const SIZE = 200_000;
const FILE = 'data/model.bin';

function scenario(fault: Fault, ranges: 'honour' | 'ignore'): Scenario {
  return {
    name: 'bench-resume',
    description: `one ${SIZE}-byte file, ${fault.kind}, server ranges: ${ranges}`,
    device: { config: { owner: 'bench', repo: 'app' }, installed: 'v1' },
    server: {
      ranges,
      repos: [
        {
          owner: 'bench',
          name: 'app',
          commits: {
            v1: { files: { 'main.py': "print('v1')\n", [FILE]: { random: SIZE, seed: 1 } } },
            v2: { parent: 'v1', files: { 'main.py': "print('v2')\n", [FILE]: { random: SIZE, seed: 2 } } },
          },
          tags: { 'v1.0': 'v1', 'v2.0': 'v2' },
          releases: [{ tag: 'v1.0' }, { tag: 'v2.0' }],
        },
      ],
    },
    faults: [fault],
    expect: { version: 'v2' },
  } as Scenario;
}

interface Row {
  fault: string;
  at: string;
  resumed: number;
  restarted: number;
  writesResumed: number;
  writesRestarted: number;
}

async function measure(fault: Fault, ranges: 'honour' | 'ignore'): Promise<{ wire: number; written: number }> {
  const s = scenario(fault, ranges);
  const run = await tsTarget().run(s, { faults: s.faults ?? [], maxBoots: 8 });
  const verdicts = judgeFor(s)(run, []);
  if (verdicts.length > 0) throw new Error(`bench run failed (${fault.kind}, ${ranges}): ${verdicts.map((v) => v.message).join('; ')}`);
  const wire = run.requests.filter((r) => r.url.includes(FILE)).reduce((n, r) => n + (r.wireBytes ?? r.bodyBytes), 0);
  const written = (run.flashWrites ?? []).reduce((n, w) => n + w.bytes.length, 0);
  return { wire, written };
}

const rows: Row[] = [];
for (const kind of ['drop', 'power-cut-at-bytes'] as const) {
  for (const pct of [10, 50, 90]) {
    const afterBytes = (SIZE * pct) / 100;
    const fault: Fault = kind === 'drop' ? { kind, afterBytes, urlIncludes: FILE, times: 1 } : { kind, afterBytes, urlIncludes: FILE };
    const a = await measure(fault, 'honour');
    const b = await measure(fault, 'ignore');
    rows.push({ fault: kind, at: `${pct}%`, resumed: a.wire, restarted: b.wire, writesResumed: a.written, writesRestarted: b.written });
  }
}
const head = ['fault', 'at', 'wire bytes (resume)', 'wire bytes (restart)', 'saved', 'flash bytes written (resume)', 'flash bytes written (restart)'];
const body = rows.map((r) => [r.fault, r.at, String(r.resumed), String(r.restarted), `${(((r.restarted - r.resumed) / r.restarted) * 100).toFixed(1)}%`, String(r.writesResumed), String(r.writesRestarted)]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`one ${SIZE}-byte file (${FILE}), core/ on the simulated Pico W; restart = a server that ignores Range`);
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const b of body) console.log(line(b));
