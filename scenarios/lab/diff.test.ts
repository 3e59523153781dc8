import { describe, expect, it } from 'vitest';
import { loadScenario } from '../load/index.ts';
import type { RunResult, Target } from '../target.ts';
import { tsTarget } from '../targets/ts.ts';
import { judgeFor } from './context.ts';
import { compareRuns, diff, diffReplayCommand, notCompared, observedFiles } from './diff.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function run(target: string, over: Partial<RunResult> = {}): RunResult {
  return {
    target,
    files: new Map([['main.py', enc("print('v2')\n")]]),
    boots: [{ index: 0, cause: 'power-on', afterRecovery: null, end: 'idle' }],
    flashOps: 2,
    ops: [
      { kind: 'open-write', modes: ['before', 'after'] },
      { kind: 'close', modes: ['before', 'after'] },
    ],
    requests: [{ method: 'GET', url: 'https://api.github.com/repos/a/b/releases/latest', status: 200, bodyBytes: 10, authorization: null }],
    watchdogResets: 0,
    maxFeedGapMs: 0,
    virtualTimeMs: 0,
    unfired: [],
    log: [],
    ...over,
  };
}

const errorsFile = (records: { time: number; code: string; message: string }[]) =>
  enc(JSON.stringify({ errors: records.map((r) => ({ time: r.time, phase: 'check', code: r.code, message: r.message })), format: 2 }));

describe('compareRuns', () => {
  it('finds nothing between two runs that a user could not tell apart', () => {
    // Same codes in ota_error.json; only the times and wording differ (allowed: device/ words its messages itself).
    const a = run('ts', { files: new Map([['ota_error.json', errorsFile([{ time: 5, code: 'NETWORK', message: 'connection dropped' }])]]), virtualTimeMs: 10 });
    const b = run('micropython', { files: new Map([['ota_error.json', errorsFile([{ time: 9, code: 'NETWORK', message: 'socket reset' }])]]), virtualTimeMs: 99 });
    expect(compareRuns(a, b)).toEqual([]);
  });

  it('reports a different error code sequence, a missing file and different bytes', () => {
    const a = run('ts', {
      files: new Map([
        ['ota_error.json', errorsFile([{ time: 0, code: 'NETWORK', message: '' }])],
        ['version.json', enc('{"ref": "v2", "commit": "c2"}')],
        ['lib/x.py', enc('X = 1\n')],
      ]),
    });
    const b = run('micropython', {
      files: new Map([
        ['ota_error.json', errorsFile([{ time: 0, code: 'NETWORK', message: '' }, { time: 0, code: 'FLASH', message: '' }])],
        ['version.json', enc('{"ref": "v2", "commit": "c3"}')],
      ]),
    });
    const found = compareRuns(a, b);
    expect(found.map((d) => d.what)).toEqual(['files', 'files', 'files']);
    expect(found[0]!.message).toContain('lib/x.py');
    expect(found[0]!.message).toContain('micropython: (absent)');
    expect(found[1]!.message).toContain('error codes: NETWORK, FLASH');
    expect(found[2]!.message).toContain('c3');
  });

  it('names the first request, boot end and flash op where the runs part', () => {
    const req = (url: string) => ({ method: 'GET', url, status: 200, bodyBytes: 0, authorization: null });
    const a = run('ts', { requests: [req('u1'), req('u2')], boots: [{ index: 0, cause: 'power-on', afterRecovery: null, end: 'reset' }] });
    const b = run('micropython', {
      requests: [req('u1'), req('u3'), req('u4')],
      boots: [
        { index: 0, cause: 'power-on', afterRecovery: null, end: 'reset' },
        { index: 1, cause: 'hard', afterRecovery: null, end: 'idle' },
      ],
      ops: [
        { kind: 'mkdir', modes: ['before', 'after'] },
        { kind: 'close', modes: ['before', 'after'] },
      ],
    });
    const found = compareRuns(a, b);
    expect(found.map((d) => d.what)).toEqual(['flash-ops', 'requests', 'boots']);
    expect(found[0]!.message).toMatch(/part at #0 /);
    expect(found[1]!.message).toMatch(/part at #1 \(ts has 2, micropython has 3\)/);
    expect(found[1]!.message).toContain('>1: GET u3');
    expect(found[2]!.message).toMatch(/part at #1 .*\n[\s\S]*>1: idle/);
  });

  it('accepts ota_state.json deadlines within a second of each other, not further apart', () => {
    const state = (until: number) => new Map([['ota_state.json', enc(`{"format": 1, "rate_limited_until": ${until}, "last_check": null}`)]]);
    expect(compareRuns(run('ts', { files: state(1735693200002) }), run('micropython', { files: state(1735693200000) }))).toEqual([]);
    const found = compareRuns(run('ts', { files: state(1735693201000) }), run('micropython', { files: state(1735693200000) }));
    expect(found.map((d) => d.message.split(':')[0])).toEqual(['ota_state.json']);
    // The polling times are whole seconds on both sides: one truncation step apart is equal, two are not.
    const polled = (last: number) => new Map([['ota_state.json', enc(`{"format": 1, "rate_limited_until": null, "last_check": ${last}}`)]]);
    expect(compareRuns(run('ts', { files: polled(1735693201000) }), run('micropython', { files: polled(1735693200000) }))).toEqual([]);
    expect(compareRuns(run('ts', { files: polled(1735693202000) }), run('micropython', { files: polled(1735693200000) }))).toHaveLength(1);
  });

  it("does not call runs different for the journal's creation time (ms on ts, whole seconds on the device)", () => {
    const journal = (created: number, phase = 'trial') => new Map([['ota_journal.json', enc(`{"format": 1, "phase": "${phase}", "boots": 1, "created": ${created}}`)]]);
    expect(compareRuns(run('ts', { files: journal(1735693200731) }), run('micropython', { files: journal(1735693200000) }))).toEqual([]);
    // Anything else in the journal still counts, and so does a creation time a second apart.
    expect(compareRuns(run('ts', { files: journal(1735693200731, 'rollback') }), run('micropython', { files: journal(1735693200000) }))).toHaveLength(1);
    expect(compareRuns(run('ts', { files: journal(1735693201000) }), run('micropython', { files: journal(1735693200000) }))).toHaveLength(1);
  });

  it('keeps an unparsable ota_error.json as its raw text', () => {
    const files = observedFiles(run('ts', { files: new Map([['ota_error.json', enc('{torn')]]) }));
    expect(files.get('ota_error.json')).toBe('{torn');
  });
});

describe('diff', () => {
  const file = 'scenarios/library/add-replace-delete-nested-empty.yaml';

  it('agrees with itself: the ts target against the ts target', async () => {
    const scenario = await loadScenario(file);
    const result = await diff(tsTarget(), tsTarget(), scenario, file, { seed: 7, runs: 15, maxBoots: 8, judge: judgeFor(scenario) });
    expect(result.failure).toBeNull();
    expect(result.runs).toBe(15);
    expect(result.cleanOps).toBeGreaterThan(10);
  }, 60_000);

  it('catches a target that behaves differently after a connection reset, shrinks it and prints the replay', async () => {
    const scenario = await loadScenario(file);
    // A planted divergence: this "updater" forgets its last request whenever a reset fault was planned.
    const ts = tsTarget();
    const forgetful: Target = {
      ...ts,
      run: async (s, plan) => {
        const r = await ts.run(s, plan);
        return plan.faults.some((f) => f.kind === 'reset') ? { ...r, requests: r.requests.slice(0, -1) } : r;
      },
    };
    const result = await diff(ts, forgetful, scenario, file, { seed: 3, runs: 100, maxBoots: 8, judge: judgeFor(scenario) });
    const failure = result.failure;
    expect(failure).not.toBeNull();
    // Shrunk: the reset alone, plus the one power cut every schedule carries (minLength 1).
    expect(failure!.faults.filter((f) => f.kind === 'reset')).toHaveLength(1);
    expect(failure!.faults.length).toBeLessThanOrEqual(2);
    expect(failure!.differences.map((d) => d.what)).toEqual(['requests']);
    expect(failure!.replay).toMatch(/^npx otalab sim diff scenarios\/library\/add-replace-delete-nested-empty\.yaml --seed 3 --path [\d:]+ --runs 100$/);
  }, 60_000);

  it('does not compare a scenario carrying its own byte cut, and says why (NOT_COMPARED)', async () => {
    const own = await loadScenario(new URL('../library/power-cut-mid-download.yaml', import.meta.url).pathname);
    expect(notCompared(own)).toMatch(/^NOT_COMPARED: the scenario cuts power after 6000 body bytes \(power-cut-at-bytes\);/);
    expect(notCompared({ ...own, faults: [{ kind: 'power-cut', op: 3 }] })).toBeNull();
    expect(notCompared({ ...own, faults: [] })).toBeNull();
  });

  it('formats the replay command without a path for a clean-run difference', () => {
    expect(diffReplayCommand('x.yaml', 4, '', 20)).toBe('npx otalab sim diff x.yaml --seed 4 --runs 20');
  });
});
