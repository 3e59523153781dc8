/** Headless boards (issue 9): the status LED. */
import { CONFIG_DEFAULTS as D } from './defaults.ts';
import { readBool } from './read-basic.ts';
import type { ConfigReader } from './reader.ts';
import type { Config } from './types.ts';

export function readHeadless(r: ConfigReader): Pick<Config, 'status_led'> {
  return { status_led: readBool(r, 'status_led', D.status_led) };
}
