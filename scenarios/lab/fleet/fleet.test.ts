// Small fleets (10 boards, 6 virtual hours) through the whole fleet runner: counts that follow
// from the config and the timeline, a broken canary rolled back, GitHub's per-address budget, and
// the loader's precise errors on bad files.
import { describe, expect, it } from 'vitest';
import { fleetReport } from './fleet-report.ts';
import { loadFleetScenario, parseFleetScenario } from './load-fleet.ts';
import { runFleet } from './run-fleet.ts';

const fleetYaml = (config: string, extra = '') => `format: 1
description: a small staged rollout
device:
  config: {owner: acme, repo: app, backoff_sec: 60, http_retries: 1, trial_boots: 2, ${config}}
  installed: v1
server:
  repos:
    - owner: acme
      name: app
      commits:
        v1: {files: {main.py: "print(1)\\n"}}
        v2: {parent: v1, files: {main.py: "print(2)\\n"}}
        v3: {parent: v2, files: {main.py: "# otalab:app=crash\\n"}}
        v4: {parent: v2, files: {main.py: "print(4)\\n"}}
      tags: {v1.0: v1, v2.0: v2, v3.0: v3, v4.0: v4}
      releases: [{tag: v1.0}, {tag: v2.0, draft: true}, {tag: v3.0, draft: true}, {tag: v4.0, draft: true}]
fleet: {firstWakeSpreadSec: 600}
timeline:
  - {atHour: 0, release: v2.0, publish: true, rollout: 30}
  - {atHour: 1, release: v2.0, rollout: 100}
  - {atHour: 2, release: v3.0, publish: true}
  - {atHour: 4, release: v4.0, publish: true}
goals:
  converge: [{release: v2.0, percent: 100, withinHours: 2}, {release: v4.0, percent: 100, withinHours: 1}]
  noneOn: [v3.0]
${extra}`;

describe('otalab fleet on 10 boards for 6 hours', () => {
  it('each board behind its own address: no 403, everyone on v2 then v4, the broken v3 installed and rolled back', async () => {
    const s = parseFleetScenario(fleetYaml('min_update_interval_sec: 1200'), 'small.yaml');
    const run = await runFleet(s, { devices: 10, nat: 10, hours: 6, seed: 1 });
    const r = fleetReport(run);
    expect(r.totals.rateLimited403).toBe(0);
    // Every board checks every 1200 s (and a few seconds a check) after its first wake in the first 600 s: 18 each, minus at most one.
    expect(r.totals.checks).toBeGreaterThanOrEqual(170);
    expect(r.totals.checks).toBeLessThanOrEqual(180);
    expect(r.totals.api).toBeGreaterThanOrEqual(r.totals.checks);
    expect(run.final).toEqual(Array(10).fill('v4'));
    const v3 = r.releases.find((x) => x.tag === 'v3.0')!;
    expect(v3.installs).toBe(10);
    expect(v3.rollbacks).toBe(10);
    expect(r.releases.find((x) => x.tag === 'v2.0')!.installs).toBe(10);
    expect(r.goals.map((g) => [g.name, g.passed])).toEqual([
      ['at most 0 rate-limit 403s', true],
      ['v2.0 on 100 % of boards within 2 h of its release', true],
      ['v4.0 on 100 % of boards within 1 h of its release', true],
      ['no board on v3.0 at the end', true],
    ]);
    // Hour 0 ends with only the boards inside the 30 % canary on v2 (by their board ids' buckets), none after hour 1.
    expect(r.hoursTable[0]!.versions.v2).toBeLessThan(10);
    expect(r.hoursTable[1]!.versions).toEqual({ v2: 10 });
    expect(r.advice).toBeNull();
  });

  it('one address polled every minute: rate-limit 403s, the goal fails, and the advice computes the interval that fits', async () => {
    const s = parseFleetScenario(fleetYaml('min_update_interval_sec: 60'), 'eager.yaml');
    const run = await runFleet(s, { devices: 10, nat: 1, hours: 6, seed: 1 });
    const r = fleetReport(run);
    expect(r.totals.rateLimited403).toBeGreaterThan(0);
    expect(r.goals[0]).toMatchObject({ name: 'at most 0 rate-limit 403s', passed: false });
    // No hour answers more than the address's 60 (+ a window straddling the hour: 120).
    for (const h of r.hoursTable) expect(h.api - h.rateLimited403).toBeLessThanOrEqual(120);
    // 10 boards × ≥ 1 request a check × 3600 s / 60 an hour: at least 600 s.
    expect(r.advice).toMatch(/^10 boards share each address .* Checking every 60 s they ask ~\d+ an hour per address, above 60: min_update_interval_sec ≥ (\d+) /);
    expect(Number(/min_update_interval_sec ≥ (\d+)/.exec(r.advice!)![1])).toBeGreaterThanOrEqual(600);
  });

  it('is deterministic: the same seed gives the same tables, another seed other board ids', async () => {
    const s = parseFleetScenario(fleetYaml('min_update_interval_sec: 600'), 'small.yaml');
    const a = fleetReport(await runFleet(s, { devices: 10, nat: 1, hours: 2, seed: 7 }));
    const b = fleetReport(await runFleet(s, { devices: 10, nat: 1, hours: 2, seed: 7 }));
    const c = fleetReport(await runFleet(s, { devices: 10, nat: 1, hours: 2, seed: 8 }));
    expect(b.hoursTable).toEqual(a.hoursTable);
    expect(b.releases).toEqual(a.releases);
    expect(c.hoursTable).not.toEqual(a.hoursTable);
  });
});

describe('fleet scenario files', () => {
  it('the example in scenarios/fleet loads', () => {
    const s = loadFleetScenario('scenarios/fleet/staged-rollout.yaml');
    expect(s.timeline.length).toBeGreaterThan(3);
  });

  it.each([
    ['an unknown key', fleetYaml('min_update_interval_sec: 600').replace('fleet: {', 'fleat: {'), /small\.yaml:\d+:\d+: fleat: unknown key "fleat"; did you mean "fleet"\?/],
    ['a release the repo lacks', fleetYaml('min_update_interval_sec: 600').replace('release: v4.0, publish', 'release: v4.1, publish'), /timeline\[3\]\.release: no release "v4\.1" in acme\/app \(its releases: v1\.0, v2\.0, v3\.0, v4\.0\); did you mean "v4\.0"\?/],
    ['publishing a public release', fleetYaml('min_update_interval_sec: 600').replace('{tag: v2.0, draft: true}', '{tag: v2.0}'), /timeline\[0\]\.publish: release v2\.0 is already public at the start: list it with "draft: true"/],
    ['events out of order', fleetYaml('min_update_interval_sec: 600').replace('atHour: 4,', 'atHour: 1.5,').replace('atHour: 2,', 'atHour: 3,'), /timeline\[3\]\.atHour: 1\.5 h comes before the previous event's 3 h/],
    ['a rollout above 100', fleetYaml('min_update_interval_sec: 600').replace('rollout: 30', 'rollout: 130'), /timeline\[0\]\.rollout: .*100/],
    ['no format', fleetYaml('min_update_interval_sec: 600').replace('format: 1\n', ''), /missing required key "format"|"format"/],
  ])('refuses %s with the line and what to do', (_what, text, message) => {
    let err: unknown;
    try {
      parseFleetScenario(text, 'small.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Failed to load scenario small\.yaml: \d+ problems?\n/);
    expect((err as Error).message).toMatch(message);
  });
});
