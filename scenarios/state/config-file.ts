/** The config file a scenario puts on the board: its name and bytes. */
import { stringify as tomlStringify } from 'smol-toml';
import { stringify as yamlStringify } from 'yaml';
import type { DeviceSpec } from '../types.ts';

export const DEFAULT_CONFIG_FILE = 'ota_config.json';

/** TOML has no null; a null key means "use the default", which leaving it out also means. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}

function serialise(config: Record<string, unknown>, file: string): string {
  if (file.endsWith('.toml')) return tomlStringify(withoutNulls(config)) + '\n';
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return yamlStringify(config);
  return JSON.stringify(config, null, 2) + '\n';
}

/**
 * The lab's boards run with the watchdog on, as a Pico W in the field should: a scenario whose
 * config does not name `watchdog_timeout_ms` gets this period; `watchdog_timeout_ms: null` turns
 * it off (docs/scenario-format.md).
 */
export const LAB_WATCHDOG_MS = 8000;

/** The config a scenario's board gets: the scenario's, with the lab's watchdog unless it names one. */
export function labConfig(config: Record<string, unknown>): Record<string, unknown> {
  return 'watchdog_timeout_ms' in config ? config : { ...config, watchdog_timeout_ms: LAB_WATCHDOG_MS };
}

/** `configText` verbatim when given (malformed-config scenarios), else `config` in the file's format. */
export function configFile(device: DeviceSpec): { path: string; bytes: Uint8Array } {
  const path = device.configFile ?? DEFAULT_CONFIG_FILE;
  const text = device.configText ?? serialise(labConfig(device.config), path);
  return { path, bytes: new TextEncoder().encode(text) };
}
