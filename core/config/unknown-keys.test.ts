import { describe, expect, it } from 'vitest';
import { validate } from './test-helpers.ts';
import { CONNECTIVITY_KEYS, SCHEDULER_KEYS } from './unknown-keys.ts';

describe('keys the Config does not have', () => {
  it('warn, with a did-you-mean for a near miss', () => {
    const { config, warnings } = validate({ chanel: 'developer' });
    expect(config.channel).toBe('stable'); // the misspelt key changes nothing
    expect(warnings).toEqual(['unknown key "chanel" is ignored (did you mean "channel"?)']);
  });

  it.each([
    ['http_retires', 'http_retries'],
    ['stage_dri', 'stage_dir'],
    ['Token', 'token'],
    ['watchdog_timeout', 'watchdog_timeout_ms'],
  ])('%j suggests %j', (key, near) => {
    expect(validate({ [key]: 1 }).warnings[0]).toContain(`did you mean "${near}"?`);
  });

  it('warn without a suggestion when nothing is close', () => {
    expect(validate({ colour: 'blue' }).warnings).toEqual(['unknown key "colour" is ignored']);
  });

  it('ignore "_" keys silently (the predecessor sample uses them as comments)', () => {
    expect(validate({ _comment: 'x', _owner_comment: 'y' }).warnings).toEqual([]);
  });

  it('accept every scheduler key, and the nested update_scheduling, with a "not used yet" warning', () => {
    expect(SCHEDULER_KEYS).toContain('update_scheduling');
    expect(SCHEDULER_KEYS).toContain('power_source');
    for (const read of ['rollout_percent', 'update_window_start_hour', 'max_crashes_before_delay']) expect(SCHEDULER_KEYS).not.toContain(read); // read since issue 9 (read-schedule.ts)
    for (const key of SCHEDULER_KEYS) {
      const { warnings } = validate({ [key]: key === 'update_scheduling' ? { rollout_percent: 10 } : 1 });
      expect(warnings).toEqual([`"${key}" is a scheduler setting that otalab does not use yet; it is ignored`]);
    }
  });

  it('accept every connectivity key with a warning, pointing wifi_ssid at ssid', () => {
    expect(CONNECTIVITY_KEYS).toHaveLength(17);
    for (const key of CONNECTIVITY_KEYS) {
      const [warning] = validate({ [key]: 'x' }).warnings;
      expect(warning).toContain(`"${key}" is a multi-connectivity setting that otalab does not use yet`);
    }
    expect(validate({ wifi_ssid: 'n' }).warnings[0]).toContain('(use "ssid")');
  });

  it('name what replaced the other predecessor keys', () => {
    expect(validate({ delete_patterns: ['lib'] }).warnings[0]).toContain('files deleted upstream are removed automatically');
    expect(validate({ status_led_pin: 25 }).warnings[0]).toContain('Pin("LED")');
  });

  it('never quote the unknown value (it may be a misplaced secret)', () => {
    expect(validate({ tokn: 'ghp_SECRETVALUE' }).warnings.join('\n')).not.toContain('SECRETVALUE');
  });
});
