import { describe, expect, it } from 'vitest';
import { errorFor, validate } from './test-helpers.ts';

describe('update window and rollout keys (read-schedule.ts)', () => {
  it('read a window, a policy and a cap, with no "not used yet" warning', () => {
    const { config, warnings } = validate({ update_window_start_hour: 22, update_window_end_hour: 3, update_window_unknown_clock: 'allow', rollout_percent: 25, max_crashes_before_delay: 3 });
    expect([config.update_window_start_hour, config.update_window_end_hour, config.update_window_unknown_clock, config.rollout_percent, config.max_crashes_before_delay]).toEqual([22, 3, 'allow', 25, 3]);
    expect(warnings).toEqual([]);
  });

  it('default to no window, policy "defer", no cap', () => {
    const { config } = validate({});
    expect([config.update_window_start_hour, config.update_window_end_hour, config.update_window_unknown_clock, config.rollout_percent]).toEqual([null, null, 'defer', null]);
  });

  it('refuse one end of a window alone, naming the missing key and what to do', () => {
    const err = errorFor({ update_window_start_hour: 2 });
    expect(err.problems).toEqual([
      { key: 'update_window_end_hour', message: '"update_window_start_hour" is set but "update_window_end_hour" is not; set both (e.g. 2 and 5 for 02:00-05:00 UTC), or remove both to update at any hour' },
    ]);
  });

  it('refuse hours outside 0-23, fractions, a misspelt policy and a percent above 100', () => {
    expect(errorFor({ update_window_start_hour: 24, update_window_end_hour: 1 }).problems[0]!.message).toMatch(/^"update_window_start_hour" must be from 0 to 23 hours/);
    expect(errorFor({ update_window_start_hour: 1.5, update_window_end_hour: 1 }).problems[0]!.message).toMatch(/must be an integer number of hours/);
    expect(errorFor({ update_window_unknown_clock: 'defr' }).problems[0]!.message).toContain('did you mean "defer"?');
    expect(errorFor({ rollout_percent: 101 }).problems[0]!.message).toMatch(/^"rollout_percent" must be from 0 to 100 percent \(got 101\)/);
    expect(errorFor({ max_crashes_before_delay: 0 }).problems[0]!.message).toMatch(/^"max_crashes_before_delay" must be from 1 to 100 watchdog resets \(got 0\); set it to e.g. 3/);
  });
});
