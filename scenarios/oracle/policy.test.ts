// The oracle's split (policy.ts): a foreign updater's run (`updater` set) is judged on what every
// updater must guarantee; our policy (clean, recorded, budgets, deleting files removed upstream)
// is not applicable to it — while the very same run of ours is still held to all of it.
import { describe, expect, it } from 'vitest';
import { judge } from './judge.ts';
import { notApplicable } from './policy.ts';
import { baseScenario, boardV1, boardV2, boot, ctx, run } from './oracle-fixtures.ts';

const foreign = { updater: 'test/fixtures/naive-updater' };
const names = (vs: { invariant: string }[]) => [...new Set(vs.map((v) => v.invariant))].sort();

describe('guarantees vs policy', () => {
  it('a stray journal, no error record and a blown boot budget fail ours, not a foreign updater', () => {
    const s = baseScenario({ expect: { version: 'v2', bootsAtMost: 1, error: 'NETWORK' } });
    const files = boardV2({ 'ota_journal.json': '{}' });
    const boots = [boot(1, boardV1(), 'reset', 'failed: NETWORK'), boot(2, files, 'idle')];
    expect(names(judge(s, run(files, boots), ctx))).toEqual(['clean', 'expectation', 'recorded']);
    expect(judge(s, run(files, boots, foreign), ctx)).toEqual([]);
  });

  it('a file deleted upstream kept with its old bytes: a mix for ours, the new version for a foreign updater', () => {
    const kept = boardV2({ 'old.py': 'old' });
    const boots = [boot(1, boardV1(), 'reset'), boot(2, kept, 'idle')];
    const s = baseScenario({ expect: { version: 'v2' } });
    expect(names(judge(s, run(kept, boots), ctx))).toContain('atomic');
    expect(judge(s, run(kept, boots, foreign), ctx)).toEqual([]);
  });

  it('a real mix fails a foreign updater too, each file named by its version', () => {
    const mixed = boardV1({ 'main.py': 'print(2)' });
    const verdicts = judge(baseScenario(), run(mixed, [boot(1, mixed, 'idle')], foreign), ctx);
    const atomic = verdicts.filter((v) => v.invariant === 'atomic');
    expect(atomic.length).toBeGreaterThan(0);
    expect(atomic[0]!.message).toContain('(old: lib/b.py (absent), old.py; new: main.py; neither: -)');
    expect(atomic[0]!.message).toContain("when the updater's part of boot 1 was over");
  });

  it('expect.policy takes an end-state expectation off a foreign updater only', () => {
    const s = baseScenario({ expect: { version: 'v1', policy: ['version'] } });
    const onV2 = run(boardV2(), [boot(1, boardV1(), 'reset'), boot(2, boardV2(), 'idle')]);
    expect(names(judge(s, onV2, ctx))).toContain('expectation');
    expect(names(judge(s, { ...onV2, ...foreign }, ctx))).not.toContain('expectation');
    expect(notApplicable(s.expect)).toEqual(['clean', 'recorded', 'refused-unwritten', 'expect.version']);
    expect(notApplicable({ noErrors: true, bootsAtMost: 2 })).toEqual(['clean', 'recorded', 'refused-unwritten', 'expect.noErrors', 'expect.bootsAtMost']);
  });
});
