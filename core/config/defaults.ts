/**
 * Defaults for every optional key: the predecessor's (predecessor-behaviour.md §1) unless noted.
 */
import type { Config } from './types.ts';

export const CONFIG_DEFAULTS: Readonly<Omit<Config, 'owner' | 'repo'>> = {
  channel: 'stable',
  branch: 'main',
  tag: null, // new
  token: null,
  user_agent: 'ota-updater',
  api_base: 'https://api.github.com', // new
  raw_base: 'https://raw.githubusercontent.com', // new
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
  trial_boots: 3, // new
  // New here: the predecessor's 100 bounded the scheduler's ota_health.json, a different file.
  error_history_limit: 10,

  // New (issue 9, docs/SPEC.md §9): the predecessor listed these but never applied them.
  update_window_start_hour: null,
  update_window_end_hour: null,
  update_window_unknown_clock: 'defer',
  rollout_percent: null,
  max_crashes_before_delay: null,
  // Issue 9 (polling): 0 keeps the check at every boot, as before (the predecessor's scheduler was off by default).
  min_update_interval_sec: 0,
  // Issue 9 (headless): off, so the LED stays the app's unless the user hands it to the updater.
  status_led: false,
  // Issue 9 (signing): no trusted keys = no Ed25519 check; downgrades refused unless allowed.
  trusted_keys: {},
  allow_downgrade: false,
};

/** Every key the validated Config has, in the order problems are reported. */
export const CONFIG_KEYS: readonly (keyof Config)[] = ['owner', 'repo', ...(Object.keys(CONFIG_DEFAULTS) as (keyof Config)[])];

/** The RP2040 watchdog cannot count past this. */
export const RP2040_WATCHDOG_MAX_MS = 8388;
