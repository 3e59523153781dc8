/**
 * Anti-rollback (docs/SPEC.md §12.5): a release never installs over a newer one. Two rules, each
 * lifted only by `allow_downgrade: true`:
 * - tags: when both the installed ref and the target ref read as versions (`v1.2.3`, `1.2`,
 *   `v2.0.0-rc.1`; a missing part is 0), the target must not be lower. A ref that is not a
 *   version (a branch, `nightly`) is not compared: the counter is then the only guard.
 * - counter: a signed manifest's `counter` must not be below the highest one installed
 *   (ota_state.json `counter`), which stops a replayed older signed release even under a new tag.
 */
import { OtaError } from '../errors.ts';

export interface Semver {
  nums: [number, number, number];
  pre: string[];
}

const VERSION = /^[vV]?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseSemver(ref: string): Semver | null {
  const m = VERSION.exec(ref);
  if (m === null) return null;
  const nums = [m[1], m[2], m[3]].map((x) => Number(x ?? 0)) as [number, number, number];
  if (!nums.every(Number.isSafeInteger)) return null;
  return { nums, pre: m[4] === undefined ? [] : m[4].split('.') };
}

/** SemVer 2.0.0 precedence (build metadata ignored): negative when a < b. */
export function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i]! < b.nums[i]! ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) < Number(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

const ADVICE = 'set "allow_downgrade": true in ota_config.json to install it anyway';

/** The refusal, or null when the target may install. */
export function rollbackRefusal(
  installedRef: string | null,
  targetRef: string,
  installedCounter: number | null,
  targetCounter: number | null,
  allowDowngrade: boolean,
): OtaError | null {
  if (allowDowngrade) return null;
  if (installedCounter !== null && targetCounter !== null && targetCounter < installedCounter) {
    return new OtaError(
      'ROLLBACK_REFUSED',
      `release ${targetRef} is signed with counter ${targetCounter}, below the installed counter ${installedCounter}: an older release replayed; refusing the downgrade (${ADVICE})`,
    );
  }
  const from = installedRef === null ? null : parseSemver(installedRef);
  const to = parseSemver(targetRef);
  if (from !== null && to !== null && compareSemver(to, from) < 0) {
    return new OtaError('ROLLBACK_REFUSED', `release ${targetRef} is older than the installed ${installedRef}; refusing the downgrade (${ADVICE})`);
  }
  return null;
}
