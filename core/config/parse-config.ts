/** Config text (JSON, YAML or TOML, chosen by the file name) → validated Config. */
import { parseConfigText } from './parse-text.ts';
import { validateConfig, type ValidatedConfig } from './validate-config.ts';

export function parseConfig(text: string, fileName: string): ValidatedConfig {
  return validateConfig(parseConfigText(text, fileName), fileName);
}
