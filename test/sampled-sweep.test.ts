// A sampled sweep on a target that cannot tear: it runs exactly the points it was asked for, spread
// over the whole run, never a torn cut, and says how many it left out; a rig fault (TargetError)
// ends a scenario as an error — no verdict — while the others still run.
import { describe, expect, it } from 'vitest';
import { loadOne } from '../cli/library.ts';
import { runSuite } from '../scenarios/lab/suite.ts';
import { evenly, sweep } from '../scenarios/lab/sweep.ts';
import { judgeFor } from '../scenarios/lab/context.ts';
import { targetFromSpec } from '../scenarios/targets/index.ts';
import { TargetError, type Target } from '../scenarios/target.ts';
import { summaryText } from '../cli/report/summary.ts';
import { junitXml } from '../cli/report/junit.ts';
import { htmlReport } from '../cli/report/html.ts';
import { suiteJson } from '../cli/report/json.ts';

const FILE = 'scenarios/library/stable-latest-release.yaml';

describe('evenly', () => {
  it('keeps first and last, in order, and all when asked for more', () => {
    expect(evenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 3, 6, 9]);
    expect(evenly([0, 1, 2], 5)).toEqual([0, 1, 2]);
    expect(evenly([0, 1, 2], 1)).toEqual([0]);
    expect(evenly([0, 1, 2], 0)).toEqual([]);
  });
});

describe('a sampled sweep on a reset-only target', async () => {
  const { scenario } = await loadOne(FILE);
  const ts = targetFromSpec({ name: 'ts', flash: 'littlefs' });
  const resetOnly: Target = { ...ts, name: 'reset-only', cannot: ts.cannot, run: ts.run, cutModes: ['before', 'after'] };
  const asked: string[] = [];
  const spy: Target = { ...resetOnly, run: (s, plan) => (plan.faults.length > 0 && asked.push(plan.faults.map((f) => (f.kind === 'power-cut' ? `${f.op}/${f.mode}` : f.kind)).join(',')), resetOnly.run(s, plan)) };
  const full = await sweep(resetOnly, scenario, FILE, { maxBoots: 8, judge: judgeFor(scenario) });
  const sampled = await sweep(spy, scenario, FILE, { maxBoots: 8, judge: judgeFor(scenario), sample: 5 });

  it('never asks for a torn cut and runs exactly the sample', () => {
    expect(full.total).toBeGreaterThan(20);
    expect(asked).toHaveLength(5);
    expect(asked.some((a) => a.includes('torn'))).toBe(false);
    expect(sampled.explored).toBe(5);
    expect(sampled.notRun).toBe(full.total - 5);
    expect(sampled.sampled?.map((p) => `${p.op}/${p.mode}`)).toEqual(asked);
  });

  it('spreads the sample from the first op to the last', () => {
    expect(sampled.sampled![0]!.op).toBe(0);
    expect(sampled.sampled!.at(-1)!.op).toBe(full.cleanOps - 1);
  });

  it('shows points it did not run as not run, never as passed', () => {
    const report = { target: 'reset-only', scenarios: [{ name: 'x', file: FILE, description: '', status: 'passed' as const, clean: sampled.clean, sweep: { ...sampled, violations: 0, fsLosses: 0 }, maxFeedGapMs: 0, ms: 1 }], totals: { passed: 1, failed: 0, fsLoss: 0, skipped: 0, error: 0, explored: 5, violations: 0, fsLosses: 0, maxFeedGapMs: 0, ms: 1 } };
    const html = htmlReport(report);
    expect([...html.matchAll(/class="cell passed"/g)]).toHaveLength(5);
    expect([...html.matchAll(/class="cell not-run"/g)]).toHaveLength(sampled.notRun);
    expect([...html.matchAll(/class="cell unreachable"/g)]).toHaveLength(sampled.cleanOps);
    expect(summaryText(report)).toContain(`(${sampled.notRun} more not run: sampled)`);
  });
});

describe('a rig fault', async () => {
  const ok = await loadOne(FILE);
  const other = await loadOne('scenarios/library/already-on-target.yaml');
  const ts = targetFromSpec({ name: 'ts', flash: 'littlefs' });
  const flaky: Target = { ...ts, name: 'board:flaky', cannot: ts.cannot, run: (s, plan) => (s.name === ok.scenario.name ? Promise.reject(new TargetError('port /dev/ttyACM0 vanished and did not come back within 10 s')) : ts.run(s, plan)) };
  const report = await runSuite(flaky, [ok, other], { sweep: false });

  it('is an error with its reason, never passed or failed, and the others still run', () => {
    expect(report.scenarios.map((s) => s.status)).toEqual(['error', 'passed']);
    expect(report.totals).toMatchObject({ passed: 1, failed: 0, error: 1 });
    expect(report.scenarios[0]!.targetError).toContain('vanished');
  });

  it('is said in every format', () => {
    expect(JSON.parse(suiteJson(report)).scenarios).toEqual({ passed: 1, failed: 0, fsLoss: 0, skipped: 0, error: 1 });
    expect(junitXml(report)).toMatch(/errors="1"/);
    expect(junitXml(report)).toContain('<error type="rig" message="port /dev/ttyACM0 vanished');
    expect(summaryText(report)).toContain('ERROR stable-latest-release: the rig failed, no verdict');
    expect(htmlReport(report)).toContain('RIG ERROR');
  });
});
