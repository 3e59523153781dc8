/**
 * Finds and loads the configuration at the flash root. JSON is what a Pico W can parse; YAML and
 * TOML are for hosts. Exactly one file is used, and a second one is never silently ignored.
 */
import { isFlashError, type Flash } from '../ports/flash.ts';
import { ConfigError } from './config-error.ts';
import { parseConfig } from './parse-config.ts';
import type { Config } from './types.ts';

/** Looked for in this order; the first one present wins. */
export const CONFIG_FILE_NAMES = ['ota_config.json', 'ota_config.yaml', 'ota_config.yml', 'ota_config.toml'] as const;

export interface LoadedConfig {
  config: Config;
  /** The file the config came from, e.g. "ota_config.json". */
  source: string;
  warnings: string[];
}

export async function loadConfig(flash: Flash): Promise<LoadedConfig> {
  const present: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const stat = await flash.stat(name);
    if (stat?.kind === 'file') present.push(name);
  }
  const [source, ...ignored] = present;
  if (source === undefined) {
    const [first, ...others] = CONFIG_FILE_NAMES;
    throw new ConfigError(first, [
      {
        key: null,
        message: `no configuration file at the device root (looked for ${[first, ...others].join(', ')}); create ${first} with at least {"owner": "<github user>", "repo": "<repository>"}`,
      },
    ]);
  }
  const { config, warnings } = parseConfig(await readText(flash, source), source);
  if (ignored.length > 0) {
    const names = ignored.join(' and ');
    warnings.unshift(`using ${source}; ignoring ${names} (only one configuration file is read: delete ${ignored.length > 1 ? 'them' : 'it'} to silence this warning)`);
  }
  return { config, source, warnings };
}

async function readText(flash: Flash, name: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await flash.readFile(name);
  } catch (err) {
    if (!isFlashError(err)) throw err;
    throw new ConfigError(name, [{ key: null, message: `could not be read (${err.code}); check the filesystem, or write the file again` }]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(name, [{ key: null, message: 'is not valid UTF-8 text; save it again as UTF-8' }]);
  }
}
