/** When to update: the update window, its unknown-clock policy, the device's rollout cap, the crash delay (docs/SPEC.md §9). */
import { readChoice } from './read-basic.ts';
import { readInt } from './read-number.ts';
import type { ConfigReader } from './reader.ts';
import type { Config } from './types.ts';

type ScheduleKeys = 'update_window_start_hour' | 'update_window_end_hour' | 'update_window_unknown_clock' | 'rollout_percent' | 'max_crashes_before_delay';

export function readSchedule(r: ConfigReader): Pick<Config, ScheduleKeys> {
  const hour = (key: string) => readInt(r, key, null, { unit: 'hours (UTC, by the board clock)', min: 0, max: 23, example: key.endsWith('start_hour') ? 2 : 5 });
  const start = hour('update_window_start_hour');
  const end = hour('update_window_end_hour');
  // One end alone is a window nobody can reason about: refuse it rather than guess the other end.
  if (r.ok('update_window_start_hour', 'update_window_end_hour') && (start === null) !== (end === null)) {
    const [have, missing] = start === null ? ['update_window_end_hour', 'update_window_start_hour'] : ['update_window_start_hour', 'update_window_end_hour'];
    r.fail(missing, `"${have}" is set but "${missing}" is not; set both (e.g. 2 and 5 for 02:00-05:00 UTC), or remove both to update at any hour`);
  }
  return {
    update_window_start_hour: start,
    update_window_end_hour: end,
    update_window_unknown_clock: readChoice(r, 'update_window_unknown_clock', ['defer', 'allow'] as const, 'defer', 'say what to do when the board clock is not set: "defer" (wait for a set clock) or "allow" (update at any hour)'),
    rollout_percent: readInt(r, 'rollout_percent', null, { unit: 'percent', min: 0, max: 100, example: 25, advice: 'set it to e.g. 25 to cap canary rollouts at 25 % of boards, or remove it' }),
    max_crashes_before_delay: readInt(r, 'max_crashes_before_delay', null, { unit: 'watchdog resets', min: 1, max: 100, example: 3, advice: 'set it to e.g. 3, or remove it to check at every boot whatever the resets' }),
  };
}
