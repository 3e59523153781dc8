/**
 * The validated configuration. Keys keep the predecessor's names (ota_config.json) so existing
 * device configs load unchanged; defaults are the predecessor's unless a comment says otherwise.
 */
export type Channel = 'stable' | 'developer';

export interface Config {
  owner: string;
  repo: string;
  /** 'stable' = latest release, 'developer' = branch tip. A pinned `tag` overrides both. */
  channel: Channel;
  branch: string;
  /** New: pin a tag (the predecessor documented it but never implemented it). */
  tag: string | null;
  token: string | null;
  user_agent: string;
  /** New: GitHub Enterprise / test servers. */
  api_base: string;
  raw_base: string;
  manifest_key: string | null;
  force: boolean;
  debug: boolean;
  reset_mode: 'hard' | 'soft' | 'none';

  allow: string[];
  ignore: string[];
  stage_dir: string;
  backup_dir: string;
  chunk: number;

  ssid: string | null;
  password: string | null;
  retries: number;
  backoff_sec: number;
  max_backoff_sec: number;
  http_retries: number;
  connect_timeout_sec: number | null;
  http_timeout_sec: number;
  max_tree_size_kb: number | null;
  max_tree_files: number | null;

  min_free_mem: number;
  min_free_storage: number;
  min_battery_percent: number | null;
  watchdog_timeout_ms: number | null;
  /** New: boots the new version may fail before it is rolled back. */
  trial_boots: number;
  /** New: ota_error.json ring size. */
  error_history_limit: number;

  /** New (issue 9): the update window, hours 0-23 of the board clock (UTC); both null = any hour; start == end = any hour. */
  update_window_start_hour: number | null;
  update_window_end_hour: number | null;
  /** New: with a window set and the clock unset (before 2024), 'defer' (default) or 'allow' the check. */
  update_window_unknown_clock: 'defer' | 'allow';
  /** New: caps every release's published rollout percent for this board (null: no cap). */
  rollout_percent: number | null;
  /** New: after this many watchdog resets in a row, update checks pause for as many boots (null: off). */
  max_crashes_before_delay: number | null;
  /** The predecessor's scheduler key, now read: no check within this many seconds of the last completed one (0: every boot). */
  min_update_interval_sec: number;
  /** New (issue 9, SPEC §10): show the update on the Pico W's Pin("LED") (default false: the app owns the LED). */
  status_led: boolean;
  /** New (issue 9, SPEC §12): key id → Ed25519 public key (64 lowercase hex); non-empty = only signed manifests install. */
  trusted_keys: Record<string, string>;
  /** New (SPEC §12.5): let an older tag or a lower signed counter install over a newer one. */
  allow_downgrade: boolean;
}
