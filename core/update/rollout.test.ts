import { describe, expect, it } from 'vitest';
import { releaseRollout, rolloutBucket, rolloutDeferral } from './rollout.ts';

describe('canary rollout (docs/SPEC.md §9.2)', () => {
  it('bucket: sha256 of the lower-case hex id, first two bytes big-endian, mod 100 (values from CPython hashlib)', () => {
    // python3 -c "import hashlib;d=hashlib.sha256(b'e6614103e7452d2f').digest();print(((d[0]<<8)|d[1])%100)" -> 30
    expect(rolloutBucket('e6614103e7452d2f')).toBe(30);
    expect(rolloutBucket('E6614103E7452D2F')).toBe(30);
    expect(rolloutBucket('0000000000000000')).not.toBe(30);
  });

  it('read the first "rollout:" line of the release notes; none means 100', () => {
    expect(releaseRollout(null)).toEqual({ percent: 100, invalid: null });
    expect(releaseRollout('Bug fixes.\n')).toEqual({ percent: 100, invalid: null });
    expect(releaseRollout('Notes\r\n\r\n  Rollout : 25 %\r\nrollout: 90\n')).toEqual({ percent: 25, invalid: null });
    expect(releaseRollout('rollout:0')).toEqual({ percent: 0, invalid: null });
    expect(releaseRollout('rollouts: 5\nrollout: 7')).toEqual({ percent: 7, invalid: null });
  });

  it('read an unreadable value as 0 % and say so', () => {
    expect(releaseRollout('rollout: 150')).toEqual({ percent: 0, invalid: '150' });
    expect(releaseRollout('rollout: half')).toEqual({ percent: 0, invalid: 'half' });
    expect(releaseRollout('rollout:')).toEqual({ percent: 0, invalid: '' });
    expect(rolloutDeferral('v2', 'rollout: lots', null, 0)?.reason).toContain('unreadable rollout line ("rollout: lots"), read as 0 %');
  });

  it('take the release when bucket < min(release percent, config cap), else defer with ROLLOUT_WAIT', () => {
    expect(rolloutDeferral('v2', 'rollout: 31', null, 30)).toBeNull();
    expect(rolloutDeferral('v2', 'rollout: 30', null, 30)).toEqual({
      code: 'ROLLOUT_WAIT',
      reason: "release v2 is rolled out to 30 % of boards; this board's bucket is 30, so it stays on its version until the rollout exceeds 30 %",
    });
    expect(rolloutDeferral('v2', null, 20, 30)?.reason).toContain('rolled out to 20 % of boards (capped by rollout_percent 20)');
    expect(rolloutDeferral('v2', 'rollout: 100', 100, 99)).toBeNull();
    expect(rolloutDeferral('v2', 'rollout: 0', null, 0)?.code).toBe('ROLLOUT_WAIT');
  });
});
