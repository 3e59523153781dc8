import { describe, expect, it } from 'vitest';
import { buildFacts } from './facts.ts';
import { checkLive } from './live.ts';
import { baseScenario, boardV1, boardV2, boot, ctx, run } from './oracle-fixtures.ts';
import type { Expectation } from '../types.ts';

const check = (r: ReturnType<typeof run>, expect_: Expectation = {}, maxBoots?: number) =>
  checkLive(buildFacts(baseScenario({ expect: expect_, ...(maxBoots === undefined ? {} : { maxBoots }) }), r, ctx));

describe('live', () => {
  it('accepts an idle board on the new version', () => {
    expect(check(run(boardV2()))).toEqual([]);
  });

  it('fails a board left on the old version when an update was due', () => {
    const verdicts = check(run(boardV1(), [boot(1, boardV1(), 'idle', 'failed: NETWORK')]));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain('old version');
  });

  it('accepts the old version when the scenario expects an error or "installed"', () => {
    const r = run(boardV1(), [boot(1, boardV1(), 'idle', 'failed: NETWORK')]);
    expect(check(r, { error: 'NETWORK' })).toEqual([]);
    expect(check(r, { version: 'installed' })).toEqual([]);
    expect(check(r, { version: 'v1' })).toEqual([]);
  });

  it('does not accept the old version when an error is expected together with version v2', () => {
    expect(check(run(boardV1(), [boot(1, boardV1())]), { error: 'CONFIG_INVALID', version: 'v2' })).toHaveLength(1);
  });

  it('fails a run whose last boot did not end idle', () => {
    const verdicts = check(run(boardV2(), [boot(1, boardV1(), 'reset'), boot(2, boardV2(), 'app-crash')]));
    expect(verdicts).toEqual([expect.objectContaining({ invariant: 'live', boot: 2 })]);
  });

  it('fails a run that took more boots than maxBoots', () => {
    const boots = [boot(1, boardV1(), 'reset'), boot(2, boardV2(), 'reset'), boot(3, boardV2())];
    expect(check(run(boardV2(), boots), {}, 2)).toHaveLength(1);
    expect(check(run(boardV2(), boots), {}, 3)).toEqual([]);
  });

  it('grants one boot beyond maxBoots per power cut the scenario did not plan', () => {
    const boots = [boot(1, boardV1(), 'power-cut'), boot(2, boardV1(), 'reset'), boot(3, boardV2())];
    expect(check(run(boardV2(), boots), {}, 2)).toEqual([]);
    expect(check(run(boardV2(), boots), {}, 1)[0]!.message).toBe('took 3 boots, more than maxBoots 2');
  });
});
