import { describe, expect, it } from 'vitest';
import { judge } from './judge.ts';
import { baseScenario, boardRolledBack, boardV1, boardV2, boot, ctx, run } from './oracle-fixtures.ts';

describe('judge', () => {
  it('passes a clean two-boot update that ends on v2', () => {
    expect(judge(baseScenario({ expect: { version: 'v2', noErrors: true, bootsAtMost: 2 } }), run(boardV2()), ctx)).toEqual([]);
  });

  it('passes a finished rollback when the scenario expects the rejection', () => {
    const files = boardRolledBack({ 'ota_error.json': '{"errors": [{"time": 1, "phase": "trial", "code": "TRIAL_FAILED", "message": "x"}], "format": 2}' });
    const boots = [boot(1, boardV1(), 'reset', 'updated'), boot(2, boardV2(), 'app-crash'), boot(3, boardV2(), 'idle')];
    const s = baseScenario({ expect: { version: 'installed', rejected: 'v2', error: 'TRIAL_FAILED' } });
    expect(judge(s, run(files, boots), ctx)).toEqual([]);
  });

  it('reports each broken invariant by name', () => {
    const mixed = boardV1({ 'lib/b.py': 'b = 2', 'ota_journal.json': '{}' });
    const verdicts = judge(baseScenario(), run(mixed, [boot(1, boardV1(), 'reset', 'updated'), boot(2, mixed, 'reset', 'failed: FLASH')], { watchdogResets: 1 }), ctx);
    const names = new Set(verdicts.map((v) => v.invariant));
    expect(names).toEqual(new Set(['atomic', 'clean', 'live', 'recorded', 'watchdog-safe']));
  });
});
