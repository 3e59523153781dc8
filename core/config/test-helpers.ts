/** Shared by this directory's tests: run validation and get at the ConfigError. */
import { ConfigError } from './config-error.ts';
import { validateConfig, type ValidatedConfig } from './validate-config.ts';

/** The smallest valid document. */
export const BASE: Readonly<Record<string, unknown>> = { owner: 'me', repo: 'app' };

export function validate(extra: Record<string, unknown>): ValidatedConfig {
  return validateConfig({ ...BASE, ...extra }, 'ota_config.json');
}

/** The ConfigError that `run` throws; fails the test when it throws nothing or something else. */
export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('Failed to get a ConfigError: nothing was thrown');
}

/** The ConfigError for BASE plus `extra`. */
export function errorFor(extra: Record<string, unknown>): ConfigError {
  return configErrorOf(() => validate(extra));
}
