import { describe, expect, it } from 'vitest';
import type { Expectation } from '../types.ts';
import { checkExpectation } from './expectation.ts';
import { buildFacts } from './facts.ts';
import { baseScenario, boardRolledBack, boardV1, boardV2, boot, ctx, request, run, shaOf } from './oracle-fixtures.ts';

const check = (e: Expectation, r: ReturnType<typeof run>) => checkExpectation(buildFacts(baseScenario({ expect: e }), r, ctx));
const ERR = '{"errors": [{"time": 1, "phase": "check", "code": "NOT_FOUND", "message": "no release"}], "format": 2}';

describe('expectation', () => {
  it('version: accepts v2 on the v2 board, fails it on the v1 board', () => {
    expect(check({ version: 'v2' }, run(boardV2()))).toEqual([]);
    const verdicts = check({ version: 'v2' }, run(boardV1(), [boot(1, boardV1())]));
    expect(verdicts.length).toBeGreaterThanOrEqual(1);
    expect(verdicts[0]!.message).toContain(shaOf('v2'));
  });

  it('version: fails when version.json is right but a file is not', () => {
    const verdicts = check({ version: 'v2' }, run(boardV2({ 'lib/b.py': 'b = 3' })));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain('lib/b.py');
  });

  it('"installed" means the board is unchanged', () => {
    expect(check({ version: 'installed' }, run(boardV1(), [boot(1, boardV1())]))).toEqual([]);
    expect(check({ version: 'installed' }, run(boardV2()))).not.toEqual([]);
  });

  it('ref compares version.json\'s ref', () => {
    expect(check({ ref: 'v2.0' }, run(boardV2()))).toEqual([]);
    expect(check({ ref: 'v2' }, run(boardV2()))[0]!.message).toContain('"v2.0"');
  });

  it('error and noErrors read ota_error.json', () => {
    const withErr = run(boardV1({ 'ota_error.json': ERR }), [boot(1, boardV1())]);
    expect(check({ error: 'NOT_FOUND' }, withErr)).toEqual([]);
    expect(check({ error: 'RATE_LIMITED' }, withErr)[0]!.message).toContain('have: NOT_FOUND');
    expect(check({ noErrors: true }, withErr)).toHaveLength(1);
    expect(check({ noErrors: true }, run(boardV2()))).toEqual([]);
  });

  it('bootsAtMost and requestsAtMost count the run', () => {
    const r = run(boardV2(), undefined, { requests: [request('https://api.github.com/a'), request('https://api.github.com/b')] });
    expect(check({ bootsAtMost: 2, requestsAtMost: 2 }, r)).toEqual([]);
    expect(check({ bootsAtMost: 1, requestsAtMost: 1 }, r)).toHaveLength(2);
  });

  it('an unplanned power cut (a sweep point) buys two more boots and one more round of requests', () => {
    const reqs = [request('https://api.github.com/a'), request('https://api.github.com/b'), request('https://api.github.com/c')];
    const cut = run(boardV2(), [boot(1, boardV1(), 'power-cut'), boot(2, boardV1(), 'reset'), boot(3, boardV2())], { requests: reqs });
    expect(check({ bootsAtMost: 1, requestsAtMost: 2 }, cut)).toEqual([]);
    expect(check({ bootsAtMost: 0, requestsAtMost: 1 }, cut).map((v) => v.message)).toEqual([
      'took 3 boots, expected at most 0 (+2 for 1 power cut the scenario did not plan: its own boot, and the trial boot it interrupted)',
      'made 3 requests, expected at most 1 × 2 (+1 for power cuts the scenario did not plan)',
    ]);
    // A cut the scenario planned itself is already in its budget.
    const planned = checkExpectation(buildFacts(baseScenario({ faults: [{ kind: 'power-cut', op: 5 }], expect: { bootsAtMost: 2 } }), cut, ctx));
    expect(planned).toHaveLength(1);
  });

  it('a byte cut the scenario planned (power-cut-at-bytes) is in its budget like a cut by op or time', () => {
    const cut = run(boardV2(), [boot(1, boardV1(), 'power-cut'), boot(2, boardV1(), 'reset'), boot(3, boardV2())]);
    const withOwn = (faults: NonNullable<Parameters<typeof baseScenario>[0]>['faults']) => checkExpectation(buildFacts(baseScenario({ faults, expect: { bootsAtMost: 2 } }), cut, ctx));
    // Counted as planned: 3 boots against bootsAtMost 2 fails, with no budget for an extra cut.
    const bytes = withOwn([{ kind: 'power-cut-at-bytes', afterBytes: 6000, urlIncludes: 'model.bin' }]);
    expect(bytes.map((v) => v.message)).toEqual(['took 3 boots, expected at most 2']);
    expect(withOwn([{ kind: 'power-cut-at-time', atMs: 100 }]).map((v) => v.message)).toEqual(['took 3 boots, expected at most 2']);
    // A link fault is no cut: the same run's cut was unplanned, and it buys two more boots.
    expect(withOwn([{ kind: 'drop', afterBytes: 6000 }])).toEqual([]);
    // times: it may land that often, each time a planned cut.
    const twice = run(boardV2(), [boot(1, boardV1(), 'power-cut'), boot(2, boardV1(), 'power-cut'), boot(3, boardV1(), 'reset'), boot(4, boardV2())]);
    const own2 = checkExpectation(buildFacts(baseScenario({ faults: [{ kind: 'power-cut-at-bytes', afterBytes: 1, times: 2 }], expect: { bootsAtMost: 3 } }), twice, ctx));
    expect(own2.map((v) => v.message)).toEqual(['took 4 boots, expected at most 3']);
  });

  it('files: content must match, null must be absent', () => {
    expect(check({ files: { 'lib/b.py': 'b = 2', 'old.py': null } }, run(boardV2()))).toEqual([]);
    expect(check({ files: { 'lib/b.py': null, 'old.py': 'old' } }, run(boardV2()))).toHaveLength(2);
    expect(check({ files: { 'main.py': { base64: Buffer.from('print(2)').toString('base64') } } }, run(boardV2()))).toEqual([]);
  });

  it('rejected looks for the commit in version.json', () => {
    expect(check({ rejected: 'v2' }, run(boardRolledBack(), [boot(1, boardV1())]))).toEqual([]);
    expect(check({ rejected: 'v2' }, run(boardV1(), [boot(1, boardV1())]))).toHaveLength(1);
  });
});
