import { describe, expect, it } from 'vitest';
import { buildFacts } from './facts.ts';
import { baseScenario, boardV1, boardV2, boot, ctx, run } from './oracle-fixtures.ts';
import { checkWatchdogSafe } from './watchdog-safe.ts';

const bitten = run(boardV2(), [boot(1, boardV1(), 'watchdog'), { ...boot(2, boardV1(), 'reset'), cause: 'watchdog' }, boot(3, boardV2())], { watchdogResets: 1 });

describe('watchdog-safe', () => {
  it('fails a fault-free run in which the watchdog bit, naming the boot', () => {
    expect(checkWatchdogSafe(buildFacts(baseScenario(), bitten, ctx))).toEqual([expect.objectContaining({ invariant: 'watchdog-safe', boot: 1 })]);
  });

  it('ignores watchdog resets in runs with faults (a stall may legitimately trip it)', () => {
    expect(checkWatchdogSafe(buildFacts(baseScenario(), bitten, { ...ctx, faultFree: false }))).toEqual([]);
  });

  it('accepts a fault-free run without watchdog resets', () => {
    expect(checkWatchdogSafe(buildFacts(baseScenario(), run(boardV2()), ctx))).toEqual([]);
  });
});
