/** How often the updater may ask GitHub at all (issue 9, polite polling). */
import { CONFIG_DEFAULTS as D } from './defaults.ts';
import { readInt } from './read-number.ts';
import type { ConfigReader } from './reader.ts';
import type { Config } from './types.ts';

/** A week: a longer interval is more likely a unit mistake (ms for s) than a wish. */
export const MAX_UPDATE_INTERVAL_SEC = 7 * 24 * 3600;

export function readPolling(r: ConfigReader): Pick<Config, 'min_update_interval_sec'> {
  return {
    min_update_interval_sec: readInt(r, 'min_update_interval_sec', D.min_update_interval_sec, {
      unit: 'seconds',
      min: 0,
      max: MAX_UPDATE_INTERVAL_SEC,
      intString: true,
      example: 3600,
      note: '(0 checks at every boot; 604800 is a week)',
    }),
  };
}
