/** `otalab check scenario|config`: validate files the way the lab and the updater will read them. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseConfig } from '../../core/config/index.ts';
import { isOtaError } from '../../core/errors.ts';
import { loadOne } from '../library.ts';

const out = (s: string) => process.stdout.write(s + '\n');

export function registerCheck(program: Command, setCode: (c: number) => void): void {
  const check = program.command('check').description('validate scenario or device configuration files');

  check
    .command('scenario <files...>')
    .description('validate scenario YAML files; every problem is reported with its line and key')
    .action(async (files: string[]) => {
      let bad = 0;
      for (const file of files) {
        try {
          const { scenario } = await loadOne(file);
          out(`ok ${file} (${scenario.name})`);
        } catch (err) {
          bad++;
          out((err as Error).message);
        }
      }
      setCode(bad > 0 ? 1 : 0);
    });

  check
    .command('config <file>')
    .description('validate an ota_config.json/.yaml/.toml as the updater will read it')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      try {
        const { config, warnings } = parseConfig(text, basename(file));
        for (const w of warnings) out(`warning: ${w}`);
        const source = config.tag ? `tag ${config.tag}` : config.channel === 'stable' ? 'the latest release' : `branch ${config.branch}`;
        out(`ok ${file}: ${config.owner}/${config.repo}, ${source}${config.token ? ', with a token' : ''}`);
        setCode(0);
      } catch (err) {
        if (!isOtaError(err)) throw err;
        out(err.message);
        setCode(1);
      }
    });
}
