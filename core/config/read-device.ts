/** Resource gates, the watchdog, and the trial / error-history bounds. */
import { CONFIG_DEFAULTS as D, RP2040_WATCHDOG_MAX_MS } from './defaults.ts';
import { readInt, readNumber } from './read-number.ts';
import type { ConfigReader } from './reader.ts';
import type { Config } from './types.ts';

type DeviceKeys = 'min_free_mem' | 'min_free_storage' | 'min_battery_percent' | 'watchdog_timeout_ms' | 'trial_boots' | 'error_history_limit';

export function readDevice(r: ConfigReader): Pick<Config, DeviceKeys> {
  return {
    min_free_mem: readInt(r, 'min_free_mem', D.min_free_mem, { unit: 'bytes', min: 0, intString: true, example: 32768 }),
    min_free_storage: readInt(r, 'min_free_storage', D.min_free_storage, { unit: 'bytes', min: 0, intString: true, example: 65536 }),
    min_battery_percent: readNumber(r, 'min_battery_percent', null, { unit: 'percent', min: 0, max: 100, example: 20, advice: 'set it to e.g. 20, or remove it to update at any charge' }),
    watchdog_timeout_ms: readInt(r, 'watchdog_timeout_ms', null, {
      unit: 'milliseconds',
      min: 1,
      max: RP2040_WATCHDOG_MAX_MS,
      note: `(${RP2040_WATCHDOG_MAX_MS} ms is the RP2040 maximum)`,
      example: 8000,
      advice: 'set it to e.g. 8000, or remove it (or set null) for no watchdog',
    }),
    trial_boots: readInt(r, 'trial_boots', D.trial_boots, { unit: 'boots', min: 1, max: 20, example: 3 }),
    error_history_limit: readInt(r, 'error_history_limit', D.error_history_limit, { unit: 'records', min: 1, max: 1000, intString: true, example: 10 }),
  };
}

/** The longest whole-second timeout below the watchdog period (half the period below 2 s). */
export function timeoutUnderWatchdogSec(watchdogMs: number): number {
  const whole = Math.ceil(watchdogMs / 1000) - 1;
  return whole >= 1 ? whole : Math.floor(watchdogMs / 2) / 1000;
}

/**
 * Every blocking wait must end before the watchdog fires, or a slow server resets the board
 * mid-download (the predecessor's sample config paired a 20 s timeout with an 8.388 s watchdog).
 * An explicit timeout that does not fit is an error; an absent one defaults to one that fits.
 */
export function fitTimeoutsUnderWatchdog<C extends Pick<Config, 'watchdog_timeout_ms' | 'http_timeout_sec' | 'connect_timeout_sec'>>(r: ConfigReader, config: C): C {
  const watchdogMs = config.watchdog_timeout_ms;
  if (watchdogMs === null || !r.ok('watchdog_timeout_ms')) return config;
  const fit = timeoutUnderWatchdogSec(watchdogMs);
  const fitted = { ...config };
  if (r.isUnset('http_timeout_sec')) fitted.http_timeout_sec = Math.min(config.http_timeout_sec, fit);
  for (const key of ['connect_timeout_sec', 'http_timeout_sec'] as const) {
    const seconds = fitted[key];
    if (seconds === null || !r.ok(key) || seconds * 1000 < watchdogMs) continue;
    r.fail(
      key,
      `"${key}" (${seconds} s) must be shorter than "watchdog_timeout_ms" (${watchdogMs} ms), or a slow response resets the board; set "${key}" to ${fit} or less, or raise "watchdog_timeout_ms"`,
    );
  }
  return fitted;
}
