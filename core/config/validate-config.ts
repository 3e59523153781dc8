/**
 * Raw document → Config: every key type-checked, defaulted and cross-checked, every problem
 * collected, then one ConfigError naming them all. No message ever contains a secret's value.
 */
import { ConfigError } from './config-error.ts';
import { describeType } from './describe-value.ts';
import { readDevice, fitTimeoutsUnderWatchdog } from './read-device.ts';
import { readLayout } from './read-layout.ts';
import { readNetwork } from './read-network.ts';
import { readSchedule } from './read-schedule.ts';
import { readPolling } from './read-polling.ts';
import { readHeadless } from './read-headless.ts';
import { readSigning } from './read-signing.ts';
import { readSource } from './read-source.ts';
import { ConfigReader } from './reader.ts';
import type { Config } from './types.ts';
import { unknownKeyWarnings } from './unknown-keys.ts';

export interface ValidatedConfig {
  config: Config;
  warnings: string[];
}

export function validateConfig(raw: unknown, fileName: string): ValidatedConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date) {
    const example = '{"owner": "<github user>", "repo": "<repository>"}';
    throw new ConfigError(fileName, [{ key: null, message: `must hold a mapping of settings such as ${example} (got ${describeType(raw)})` }]);
  }
  const r = new ConfigReader(raw as Record<string, unknown>);
  const source = readSource(r);
  const layout = readLayout(r);
  const timed = fitTimeoutsUnderWatchdog(r, { ...readNetwork(r), ...readDevice(r) });
  const config: Config = { ...source, ...layout, ...timed, ...readSchedule(r), ...readPolling(r), ...readHeadless(r), ...readSigning(r) };
  if (r.problems.length > 0) throw new ConfigError(fileName, r.problems);
  return { config, warnings: [...r.warnings, ...unknownKeyWarnings(r.raw)] };
}
