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

/** `configText` verbatim when given (malformed-config scenarios), else `config` in the file's format. */
export function configFile(device: DeviceSpec): { path: string; bytes: Uint8Array } {
  const path = device.configFile ?? DEFAULT_CONFIG_FILE;
  const text = device.configText ?? serialise(device.config, path);
  return { path, bytes: new TextEncoder().encode(text) };
}
