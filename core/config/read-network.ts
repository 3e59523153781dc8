/** Wi-Fi, retries, timeouts and response limits. */
import { CONFIG_DEFAULTS as D } from './defaults.ts';
import { readString } from './read-basic.ts';
import { readInt, readNumber } from './read-number.ts';
import type { ConfigReader } from './reader.ts';
import type { Config } from './types.ts';

type NetworkKeys =
  | 'ssid'
  | 'password'
  | 'retries'
  | 'backoff_sec'
  | 'max_backoff_sec'
  | 'http_retries'
  | 'connect_timeout_sec'
  | 'http_timeout_sec'
  | 'max_tree_size_kb'
  | 'max_tree_files';

export function readNetwork(r: ConfigReader): Pick<Config, NetworkKeys> {
  const network = {
    // 32 bytes is the 802.11 SSID limit.
    ssid: readString(r, 'ssid', null, { what: 'a string', emptyIsNull: true, maxBytes: 32 }),
    password: readString(r, 'password', null, { what: 'a string', emptyIsNull: true, secret: true }),
    retries: readInt(r, 'retries', D.retries, { unit: 'attempts', min: 1, intString: true, example: 5 }),
    backoff_sec: readInt(r, 'backoff_sec', D.backoff_sec, { unit: 'seconds', min: 0, intString: true, example: 3 }),
    max_backoff_sec: readInt(r, 'max_backoff_sec', D.max_backoff_sec, { unit: 'seconds', min: 0, intString: true, example: 60 }),
    // Total attempts per request, as before (not "retries after the first").
    http_retries: readInt(r, 'http_retries', D.http_retries, { unit: 'attempts', min: 1, intString: true, example: 3 }),
    connect_timeout_sec: readNumber(r, 'connect_timeout_sec', null, { unit: 'seconds', positive: true, example: 5, advice: 'set it to e.g. 5, or remove it to use "http_timeout_sec"' }),
    http_timeout_sec: readNumber(r, 'http_timeout_sec', D.http_timeout_sec, { unit: 'seconds', positive: true, example: 10 }),
    max_tree_size_kb: readInt(r, 'max_tree_size_kb', null, { unit: 'KiB', min: 1, example: 100, advice: 'set it to e.g. 100, or remove it for no limit' }),
    max_tree_files: readInt(r, 'max_tree_files', null, { unit: 'files', min: 1, example: 250, advice: 'set it to e.g. 250, or remove it for no limit' }),
  };
  if (r.ok('backoff_sec', 'max_backoff_sec') && network.max_backoff_sec < network.backoff_sec) {
    r.fail(
      'max_backoff_sec',
      `"max_backoff_sec" (${network.max_backoff_sec} s) must not be below "backoff_sec" (${network.backoff_sec} s), the first wait; raise "max_backoff_sec" or lower "backoff_sec"`,
    );
  }
  return network;
}
