import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSemver, parseSemver, rollbackRefusal } from './anti-rollback.ts';

const order = ['v0.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', 'v1.0', '1.0.1', 'v1.2.9', 'V1.10.0', 'v2', 'v2.0.1+build.7'];

describe('parseSemver / compareSemver', () => {
  it('orders versions by SemVer 2.0.0 precedence (missing parts are 0)', () => {
    for (let i = 0; i + 1 < order.length; i++) {
      expect(compareSemver(parseSemver(order[i]!)!, parseSemver(order[i + 1]!)!), `${order[i]} < ${order[i + 1]}`).toBe(-1);
    }
    expect(compareSemver(parseSemver('v1.0')!, parseSemver('1.0.0+x')!)).toBe(0);
  });

  it.each(['main', 'nightly', 'build-42', 'v1.02', '1.2.3.4', 'v', '', 'v1.0-', 'v1..2'])('is not a version: %s', (ref) => {
    expect(parseSemver(ref)).toBeNull();
  });

  it('is antisymmetric (seed printed)', () => {
    const seed = Date.now() % 1_000_000;
    console.log(`semver property seed ${seed}`);
    const ref = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.constantFrom('', '-rc.1', '-rc.2', '-alpha', '-1')).map(([a, b, c, p]) => `v${a}.${b}.${c}${p}`);
    fc.assert(fc.property(ref, ref, (a, b) => compareSemver(parseSemver(a)!, parseSemver(b)!) === -compareSemver(parseSemver(b)!, parseSemver(a)!)), { seed });
  });
});

describe('rollbackRefusal', () => {
  it('refuses an older tag, a lower counter; allows equal, newer, non-versions, and allow_downgrade', () => {
    expect(rollbackRefusal('v2.0', 'v1.2.9', null, null, false)?.message).toBe('release v1.2.9 is older than the installed v2.0; refusing the downgrade (set "allow_downgrade": true in ota_config.json to install it anyway)');
    expect(rollbackRefusal('build-b', 'build-c', 5, 3, false)?.code).toBe('ROLLBACK_REFUSED');
    expect(rollbackRefusal('build-b', 'build-c', 5, 3, false)?.message).toMatch(/counter 3, below the installed counter 5/);
    expect(rollbackRefusal('v2.0', 'v2.0.0', 5, 5, false)).toBeNull();
    expect(rollbackRefusal('v2.0', 'v2.1', 5, 6, false)).toBeNull();
    expect(rollbackRefusal('main', 'v0.1', null, null, false)).toBeNull();
    expect(rollbackRefusal(null, 'v0.1', null, 0, false)).toBeNull();
    expect(rollbackRefusal('v2.0', 'v1.0', 5, 1, true)).toBeNull();
  });
});
