/**
 * Keys the Config does not have. Never an error (a config written for a newer or older updater
 * must still boot), but always a warning, so a misspelt key is not silently ignored.
 */
import { CONFIG_KEYS } from './defaults.ts';
import { suggest } from './suggest.ts';

/**
 * The predecessor's scheduler keys (§1.8) otalab does not read yet; "update_scheduling" is its documented
 * nested form. The update window, rollout_percent and max_crashes_before_delay are read (read-schedule.ts),
 * min_update_interval_sec too (read-polling.ts).
 */
export const SCHEDULER_KEYS: readonly string[] = [
  'update_scheduling',
  'power_source',
];

/** The predecessor's multi-connectivity keys (§1.7). */
export const CONNECTIVITY_KEYS: readonly string[] = [
  'wifi_enabled',
  'wifi_ssid',
  'wifi_password',
  'wifi_timeout_sec',
  'cellular_enabled',
  'cellular_uart',
  'cellular_tx_pin',
  'cellular_rx_pin',
  'cellular_baud',
  'cellular_apn',
  'cellular_tech',
  'cellular_cost_per_mb',
  'lora_enabled',
  'lora_spi_pins',
  'lora_cs_pin',
  'lora_rst_pin',
  'lora_freq',
];

/** Other predecessor keys (§1.3–1.6) otalab does not read, with what to do instead. */
export const OTHER_PREDECESSOR_KEYS: Readonly<Record<string, string>> = {
  delete_patterns: 'files deleted upstream are removed automatically',
  enable_delta_updates: 'delta updates are not supported yet',
  min_cpu_mhz: 'there is no CPU-frequency gate',
  status_led_pin: 'the status LED is Pin("LED") on a Pico W: set "status_led": true instead',
  battery_adc_pin: 'battery measurement is not configurable yet',
  battery_divider_ratio: 'battery measurement is not configurable yet',
  battery_v_max: 'battery measurement is not configurable yet',
  battery_v_min: 'battery measurement is not configurable yet',
};

const KNOWN: ReadonlySet<string> = new Set<string>(CONFIG_KEYS);
const SUGGESTABLE: readonly string[] = [...CONFIG_KEYS, ...SCHEDULER_KEYS, ...CONNECTIVITY_KEYS, ...Object.keys(OTHER_PREDECESSOR_KEYS)];

/** One warning per key otalab will not use; keys starting with "_" are comments and pass silently. */
export function unknownKeyWarnings(raw: Readonly<Record<string, unknown>>): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(raw)) {
    if (KNOWN.has(key) || key.startsWith('_')) continue;
    warnings.push(warningFor(key));
  }
  return warnings;
}

function warningFor(key: string): string {
  if (SCHEDULER_KEYS.includes(key)) return `"${key}" is a scheduler setting that otalab does not use yet; it is ignored`;
  if (CONNECTIVITY_KEYS.includes(key)) {
    const instead = key === 'wifi_ssid' ? ' (use "ssid")' : key === 'wifi_password' ? ' (use "password")' : '';
    return `"${key}" is a multi-connectivity setting that otalab does not use yet (Wi-Fi only); it is ignored${instead}`;
  }
  const why = OTHER_PREDECESSOR_KEYS[key];
  if (why !== undefined) return `"${key}" is not used by otalab (${why}); it is ignored`;
  const near = suggest(key, SUGGESTABLE);
  const hint = near === null ? '' : ` (did you mean "${near}"?)`;
  return `unknown key "${key}" is ignored${hint}`;
}

/**
 * Unknown keys that look like a misspelling of a known one, as `[key, suggestion]`: the board
 * ignores them (a warning), but a checker run by a person treats them as errors (`otalab check config`).
 */
export function misspeltKeys(raw: Readonly<Record<string, unknown>>): [string, string][] {
  const out: [string, string][] = [];
  for (const key of Object.keys(raw)) {
    if (KNOWN.has(key) || key.startsWith('_') || SCHEDULER_KEYS.includes(key) || CONNECTIVITY_KEYS.includes(key) || OTHER_PREDECESSOR_KEYS[key] !== undefined) continue;
    const near = suggest(key, SUGGESTABLE);
    if (near !== null) out.push([key, near]);
  }
  return out;
}
