/**
 * For tests only (no production code imports this): a config with the predecessor's defaults,
 * and a fake clock + watchdog that record every sleep and feed. Sleeping advances the fake time
 * instantly, so retry tests run in milliseconds.
 */
import { groupByDir, treeSha } from './tree-hash.ts';
import type { Config } from '../config/types.ts';
import type { Clock, LogLevel, Watchdog } from '../ports/index.ts';

export const API = 'https://api.github.com';
export const RAW = 'https://raw.githubusercontent.com';
export const REPO_API = `${API}/repos/acme/widget`;

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    owner: 'acme', repo: 'widget', channel: 'developer', branch: 'main', tag: null, token: null,
    user_agent: 'otalab-test', api_base: API, raw_base: RAW, manifest_key: null, force: false,
    debug: false, reset_mode: 'none', allow: [], ignore: [], stage_dir: '.ota_stage', backup_dir: '.ota_backup',
    chunk: 1024, ssid: null, password: null, retries: 3, backoff_sec: 3, max_backoff_sec: 60, http_retries: 3,
    connect_timeout_sec: null, http_timeout_sec: 10, max_tree_size_kb: null, max_tree_files: null,
    min_free_mem: 0, min_free_storage: 0, min_battery_percent: null, watchdog_timeout_ms: null,
    trial_boots: 3, error_history_limit: 10, min_update_interval_sec: 0,
    update_window_start_hour: null, update_window_end_hour: null, update_window_unknown_clock: 'defer', rollout_percent: null, max_crashes_before_delay: null,
    status_led: false,
    trusted_keys: {}, allow_downgrade: false,
    ...overrides,
  };
}

export interface FakeTime {
  clock: Clock;
  watchdog: Watchdog;
  /** Every `clock.sleep` argument, in order. */
  sleeps: number[];
  feeds(): number;
}

export function fakeTime(startMs = 1_700_000_000_000): FakeTime {
  let now = startMs;
  let feeds = 0;
  const sleeps: number[] = [];
  return {
    clock: {
      now: () => now,
      uptimeMs: () => now - startMs,
      async sleep(ms) {
        sleeps.push(ms);
        now += ms;
      },
    },
    watchdog: { start() {}, feed: () => void (feeds += 1) },
    sleeps,
    feeds: () => feeds,
  };
}

export interface LogRecord {
  level: LogLevel;
  event: string;
  fields?: Record<string, unknown>;
}

export function recordingLog(): { log(level: LogLevel, event: string, fields?: Record<string, unknown>): void; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { records, log: (level, event, fields) => void records.push({ level, event, fields }) };
}

/**
 * A recursive tree response whose tree SHAs are real Git hashes of its entries (fetchTree checks
 * them), for tests about everything else. Tree entries may give any placeholder sha.
 */
export function hashedTree(items: { path: string; mode: string; type: string; sha: string; size?: number }[], truncated = false): Record<string, unknown> {
  const out = items.map((i) => ({ ...i }));
  const trees = out.filter((i) => i.type === 'tree').sort((a, b) => b.path.split('/').length - a.path.split('/').length);
  for (const t of trees) t.sha = treeSha(groupByDir(out).dirs.get(t.path)!);
  return { sha: treeSha(groupByDir(out).dirs.get('')!), truncated, tree: out };
}
