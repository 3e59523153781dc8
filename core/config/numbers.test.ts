import { describe, expect, it } from 'vitest';
import { errorFor, validate } from './test-helpers.ts';

describe('integer strings (the predecessor applied int() to these keys)', () => {
  const coerced = ['chunk', 'retries', 'backoff_sec', 'max_backoff_sec', 'http_retries', 'min_free_mem', 'min_free_storage', 'error_history_limit', 'min_update_interval_sec'] as const;

  it.each(coerced)('%s accepts "64" as 64', (key) => {
    // 64 is inside every one of these keys' ranges (with room for backoff_sec under max_backoff_sec).
    expect(validate({ max_backoff_sec: 100, [key]: '64' }).config[key]).toBe(64);
    expect(validate({ max_backoff_sec: 100, [key]: ' 64 ' }).config[key]).toBe(64);
  });

  it.each(coerced)('%s rejects a non-integer string', (key) => {
    const err = errorFor({ [key]: '12.5' });
    expect(err.key).toBe(key);
    expect(err.message).toContain(`"${key}" must be an integer number of`);
  });

  it('a coerced string is still range-checked', () => {
    const err = errorFor({ chunk: '8' });
    expect(err.key).toBe('chunk');
    expect(err.message).toContain('"chunk" must be from 64 to 65536 bytes (got "8")');
  });

  it.each(['trial_boots', 'max_tree_files', 'watchdog_timeout_ms'])('%s was never int()-ed: a quoted number is rejected, with the fix', (key) => {
    const err = errorFor({ [key]: '5' });
    expect(err.key).toBe(key);
    expect(err.message).toContain('write the number without quotes, e.g. 5');
  });
});

describe('chunk', () => {
  it('gives the documented message for a word', () => {
    expect(errorFor({ chunk: 'big' }).message).toBe(
      'ota_config.json: "chunk" must be an integer number of bytes (got "big"); set it to e.g. 1024 or remove it',
    );
  });

  it('is bounded 64..65536', () => {
    expect(validate({ chunk: 64 }).config.chunk).toBe(64);
    expect(validate({ chunk: 65536 }).config.chunk).toBe(65536);
    expect(errorFor({ chunk: 63 }).key).toBe('chunk');
    expect(errorFor({ chunk: 65537 }).message).toContain('from 64 to 65536 bytes (got 65537)');
    expect(errorFor({ chunk: 1024.5 }).key).toBe('chunk');
  });
});

describe('ranges', () => {
  it.each([
    ['http_retries', 0, 'at least 1 attempts'],
    ['retries', 0, 'at least 1 attempts'],
    ['backoff_sec', -1, 'at least 0 seconds'],
    ['min_free_mem', -5, 'at least 0 bytes'],
    ['trial_boots', 0, 'from 1 to 20 boots'],
    ['trial_boots', 21, 'from 1 to 20 boots'],
    ['error_history_limit', 0, 'from 1 to 1000 records'],
    ['error_history_limit', 1001, 'from 1 to 1000 records'],
    ['max_tree_size_kb', 0, 'at least 1 KiB'],
    ['max_tree_files', 0, 'at least 1 files'],
    ['http_timeout_sec', 0, 'a positive number of seconds'],
    ['connect_timeout_sec', -2, 'a positive number of seconds'],
    ['min_battery_percent', 101, 'from 0 to 100 percent'],
    ['min_update_interval_sec', -1, 'from 0 to 604800 seconds (0 checks at every boot; 604800 is a week)'],
    ['min_update_interval_sec', 604801, 'from 0 to 604800 seconds'],
    ['min_update_interval_sec', 'hourly', 'must be an integer number of seconds'],
  ])('%s = %j is rejected (%s)', (key, value, fragment) => {
    const err = errorFor({ [key]: value });
    expect(err.key).toBe(key);
    expect(err.message).toContain(fragment);
  });

  it('accepts fractional timeouts and battery thresholds', () => {
    const { config } = validate({ http_timeout_sec: 2.5, connect_timeout_sec: 0.5, min_battery_percent: 12.5 });
    expect([config.http_timeout_sec, config.connect_timeout_sec, config.min_battery_percent]).toEqual([2.5, 0.5, 12.5]);
  });

  it('rejects infinities (YAML .inf, TOML inf)', () => {
    expect(errorFor({ http_timeout_sec: Number.POSITIVE_INFINITY }).key).toBe('http_timeout_sec');
  });

  it('max_backoff_sec may not be below backoff_sec', () => {
    const err = errorFor({ backoff_sec: 10, max_backoff_sec: 5 });
    expect(err.key).toBe('max_backoff_sec');
    expect(err.message).toContain('"max_backoff_sec" (5 s) must not be below "backoff_sec" (10 s)');
  });
});

describe('watchdog_timeout_ms', () => {
  it('is null or 1..8388, and says why 8388', () => {
    expect(validate({ watchdog_timeout_ms: 8388, http_timeout_sec: 8 }).config.watchdog_timeout_ms).toBe(8388);
    expect(validate({ watchdog_timeout_ms: null }).config.watchdog_timeout_ms).toBeNull();
    const err = errorFor({ watchdog_timeout_ms: 10000 });
    expect(err.key).toBe('watchdog_timeout_ms');
    expect(err.message).toContain('from 1 to 8388 milliseconds (8388 ms is the RP2040 maximum) (got 10000)');
    expect(errorFor({ watchdog_timeout_ms: 0 }).message).toContain('or set null) for no watchdog');
  });

  it('rejects the predecessor sample: a 20 s read timeout under an 8.388 s watchdog, naming both keys', () => {
    const err = errorFor({ watchdog_timeout_ms: 8388, http_timeout_sec: 20 });
    expect(err.key).toBe('http_timeout_sec');
    expect(err.message).toContain('"http_timeout_sec" (20 s) must be shorter than "watchdog_timeout_ms" (8388 ms)');
    expect(err.message).toContain('set "http_timeout_sec" to 8 or less');
  });

  it('rejects a connect timeout equal to the watchdog period', () => {
    const err = errorFor({ watchdog_timeout_ms: 5000, http_timeout_sec: 4, connect_timeout_sec: 5 });
    expect(err.key).toBe('connect_timeout_sec');
    expect(err.message).toContain('"watchdog_timeout_ms" (5000 ms)');
  });

  it('lowers the default 10 s read timeout below the watchdog when none is given', () => {
    expect(validate({ watchdog_timeout_ms: 8388 }).config.http_timeout_sec).toBe(8);
    expect(validate({ watchdog_timeout_ms: 5000 }).config.http_timeout_sec).toBe(4);
    expect(validate({ watchdog_timeout_ms: 1500 }).config.http_timeout_sec).toBe(1);
    expect(validate({ watchdog_timeout_ms: 800 }).config.http_timeout_sec).toBe(0.4);
  });

  it('does not pile a timeout error on top of a bad watchdog value', () => {
    const err = errorFor({ watchdog_timeout_ms: 'soon', http_timeout_sec: 20 });
    expect(err.problems.map((p) => p.key)).toEqual(['watchdog_timeout_ms']);
  });
});

describe('several problems', () => {
  it('are all listed, one line each, the first one keyed', () => {
    const err = errorFor({ chunk: 'big', channel: 'stabel', trial_boots: 0 });
    expect(err.key).toBe('channel'); // keys are checked in Config order: channel comes before chunk
    expect(err.problems.map((p) => p.key)).toEqual(['channel', 'chunk', 'trial_boots']);
    expect(err.message.split('\n')).toHaveLength(3);
    for (const line of err.message.split('\n')) expect(line).toMatch(/^ota_config\.json: "/);
  });
});
