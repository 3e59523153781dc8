import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from './defaults.ts';
import { validate } from './test-helpers.ts';

describe('defaults', () => {
  it('fill every absent key with the predecessor default, or the documented new one', () => {
    const { config, warnings } = validate({});
    // Values from predecessor-behaviour.md §1 and the task brief, written out on purpose.
    expect(config).toEqual({
      owner: 'me',
      repo: 'app',
      channel: 'stable',
      branch: 'main',
      tag: null,
      token: null,
      user_agent: 'ota-updater',
      api_base: 'https://api.github.com',
      raw_base: 'https://raw.githubusercontent.com',
      manifest_key: null,
      force: false,
      debug: false,
      reset_mode: 'hard',
      allow: [],
      ignore: [],
      stage_dir: '.ota_stage',
      backup_dir: '.ota_backup',
      chunk: 1024,
      ssid: null,
      password: null,
      retries: 5,
      backoff_sec: 3,
      max_backoff_sec: 60,
      http_retries: 3,
      connect_timeout_sec: null,
      http_timeout_sec: 10,
      max_tree_size_kb: null,
      max_tree_files: null,
      min_free_mem: 0,
      min_free_storage: 0,
      min_battery_percent: null,
      watchdog_timeout_ms: null,
      trial_boots: 3,
      error_history_limit: 10,
      update_window_start_hour: null,
      update_window_end_hour: null,
      update_window_unknown_clock: 'defer',
      rollout_percent: null,
      max_crashes_before_delay: null,
      min_update_interval_sec: 0,
      status_led: false,
      trusted_keys: {},
      allow_downgrade: false,
    });
    expect(warnings).toEqual([]);
  });

  it('treat an explicit null like an absent key', () => {
    const { config } = validate({ chunk: null, channel: null, stage_dir: null, force: null });
    expect([config.chunk, config.channel, config.stage_dir, config.force]).toEqual([1024, 'stable', '.ota_stage', false]);
  });

  it('CONFIG_KEYS lists every key once, owner and repo first', () => {
    expect(new Set(CONFIG_KEYS).size).toBe(CONFIG_KEYS.length);
    expect(CONFIG_KEYS.slice(0, 2)).toEqual(['owner', 'repo']);
    expect([...CONFIG_KEYS].sort()).toEqual(Object.keys(validate({}).config).sort());
  });

  it('keep the predecessor sample config loadable (minus its watchdog clash)', () => {
    const sample = {
      _owner_comment: 'your GitHub user',
      owner: 'me',
      repo: 'app',
      ssid: 'net',
      password: 'pw',
      channel: 'stable',
      branch: 'main',
      allow: ['main.py', 'lib/'],
      ignore: [],
      chunk: 1024,
      retries: 3,
      backoff_sec: 3,
      max_tree_size_kb: 100,
      max_tree_files: 250,
      reset_mode: 'hard',
    };
    const { config, warnings } = validate(sample);
    expect(config.allow).toEqual(['main.py', 'lib']);
    expect(config.retries).toBe(3);
    expect(config.max_tree_size_kb).toBe(100);
    expect(warnings).toEqual([]);
  });
});
