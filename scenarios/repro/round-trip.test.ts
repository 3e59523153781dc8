// Control case of the repro round trip (fast, in npm test): the provisioned board and one board
// cut mid-update (developer-channel) → dump → repro → run reach the same end as the original run,
// with no findings. The every-cut-point version is round-trip.slow.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tsTarget } from '../targets/ts.ts';
import { repro } from './repro.ts';
import { comparable, openLab, ringCodes, roundTrip, writeDump, type Lab, type RoundTrip } from './test-round-trip.ts';

let lab: Lab;
let start: RoundTrip;
beforeAll(async () => {
  lab = await openLab('developer-channel');
});
afterAll(() => lab.close());

describe('repro round trip (control cases)', () => {
  it('the provisioned board: the replay installs the branch tip as the original does, no findings, installed inferred', async () => {
    const t = (start = await roundTrip(lab, null));
    expect(t.repro.findings).toEqual([]);
    expect(t.repro.scenario.device.installed).toBe(Object.entries(t.repro.scenario.repro!.commits).find(([, sha]) => t.repro.yaml.includes(`"commit": "${sha}"`))?.[0]);
    expect(comparable(t.replay)).toEqual(comparable(t.original));
    expect(new TextDecoder().decode(t.replay.get('main.py'))).toBe("print('v3 tip')\n");
  });

  it('a board cut mid-commit (journal in phase apply): same end state, no findings', async () => {
    const t = await roundTrip(lab, { op: 20, mode: 'before' });
    expect(t.repro.yaml).toContain('"phase": "apply"');
    expect(t.repro.findings).toEqual([]);
    expect(comparable(t.replay)).toEqual(comparable(t.original));
  });

  it('the comparison can fail: a replay of another board differs', () => {
    const a = start;
    const broken = new Map(a.replay);
    broken.set('main.py', new TextEncoder().encode("print('v1')\n"));
    expect(comparable(broken)).not.toEqual(comparable(a.original));
  });

  it('a board whose ring records a server error: the replay records the same error at its first boot, then converges', async () => {
    const broken = await tsTarget().run(lab.scenario, { faults: [{ kind: 'status', status: 503, urlIncludes: '/git/trees/', times: 1000 }], maxBoots: 1 });
    expect(ringCodes(broken.files.get('ota_error.json'))).toEqual(['HTTP_STATUS']);
    const dump = join(lab.dir, 'dump-ring');
    writeDump(broken.files, dump);
    const r = await repro({ dump, repo: lab.gitDir, out: join(lab.dir, 'ring.yaml') });
    expect(r.findings).toEqual([]);
    // "HTTP 503 from api.github.com after 3 attempts": three 503s from that host.
    expect(r.scenario.faults).toEqual([{ kind: 'status', status: 503, urlIncludes: '//api.github.com/', times: 3, optional: true }]);
    const first = await tsTarget().run(r.scenario, { faults: r.scenario.faults!, maxBoots: 1 });
    expect(ringCodes(first.files.get('ota_error.json'))).toEqual(['HTTP_STATUS', 'HTTP_STATUS']);
    const run = await tsTarget().run(r.scenario, { faults: r.scenario.faults!, maxBoots: 8 });
    expect(run.unfired).toEqual([]);
    expect(new TextDecoder().decode(run.files.get('main.py'))).toBe("print('v3 tip')\n");
  });
});
