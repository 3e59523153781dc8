export { ConfigError, type ConfigProblem } from './config-error.ts';
export { CONFIG_DEFAULTS, CONFIG_KEYS, RP2040_WATCHDOG_MAX_MS } from './defaults.ts';
export { CONFIG_FILE_NAMES, loadConfig, type LoadedConfig } from './load-config.ts';
export { parseConfig } from './parse-config.ts';
export { formatOf, parseConfigText, type ConfigFormat } from './parse-text.ts';
export type { Channel, Config } from './types.ts';
export { CONNECTIVITY_KEYS, misspeltKeys, OTHER_PREDECESSOR_KEYS, SCHEDULER_KEYS } from './unknown-keys.ts';
export { validateConfig, type ValidatedConfig } from './validate-config.ts';
