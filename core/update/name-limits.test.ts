import { describe, expect, it } from 'vitest';
import { isOtaError } from '../errors.ts';
import type { UpdatePlan } from '../plan.ts';
import { checkNameLimits } from './name-limits.ts';

const planOf = (...paths: string[]): UpdatePlan => {
  const download = paths.map((path) => ({ path, sha: 'a'.repeat(40), size: 1 }));
  return { ops: download.map((d) => ({ op: 'add' as const, ...d })), download, downloadBytes: paths.length, unchanged: [], deletes: [], ignored: [], kept: {} };
};
const refused = (plan: UpdatePlan) => {
  try {
    checkNameLimits(plan);
    return null;
  } catch (err) {
    return isOtaError(err, 'PATH_REJECTED') ? err.message : String(err);
  }
};

describe('checkNameLimits', () => {
  it('accepts a last name of 250 bytes (its .part temporary is exactly 255)', () => {
    expect(refused(planOf(`lib/${'n'.repeat(250)}`))).toBeNull();
  });

  it.each([251, 255])('refuses a last name of %i bytes, naming the file and the limit', (n) => {
    const message = refused(planOf('ok.py', `lib/${'n'.repeat(n)}`));
    expect(message).toContain(`has ${n} bytes`);
    expect(message).toContain('255-byte name limit');
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(refused(planOf('é'.repeat(126)))).toContain('has 252 bytes');
  });
});
