/** `otalab check scenario|config`: validate files the way the lab and the updater will read them. */
import type { Command } from 'commander';
import { basename } from 'node:path';
import { misspeltKeys, parseConfig, parseConfigText } from '../../core/config/index.ts';
import { isOtaError } from '../../core/errors.ts';
import { InputFileError, readTextFile } from '../../scenarios/load/index.ts';
import { loadOne } from '../library.ts';

const out = (s: string) => process.stdout.write(s + '\n');

/** Device configs are a few hundred bytes; the Pico W parses them in RAM (~190 KB of heap). */
export const CONFIG_MAX_BYTES = 64 * 1024;

export function registerCheck(program: Command, setCode: (c: number) => void): void {
  const check = program.command('check').description('validate scenario or device configuration files');

  check
    .command('scenario <files...>')
    .description('validate scenario YAML files; every problem is reported with its line and key (exit 1 if any is invalid)')
    .action(async (files: string[]) => {
      let bad = 0;
      let unreadable: InputFileError | null = null;
      for (const file of files) {
        try {
          const { scenario } = await loadOne(file);
          out(`ok ${file} (${scenario.name})`);
        } catch (err) {
          // Missing or a directory: a usage error like in every command (exit 2), the others still checked.
          if (err instanceof InputFileError && /^(no such file|is a directory|permission denied)/.test(err.problem)) unreadable = err;
          else bad++;
          if (err instanceof InputFileError) process.stderr.write(`otalab: ${err.message}\n`);
          else out((err as Error).message);
        }
      }
      setCode(unreadable ? 2 : bad > 0 ? 1 : 0);
    });

  check
    .command('config <file>')
    .description('validate an ota_config.json/.yaml/.toml as the updater will read it; a misspelt key is an error (exit 1)')
    .option('--allow-unknown', 'report misspelt keys as warnings, as the board does, instead of errors')
    .action(async (file: string, opts: { allowUnknown?: boolean }) => {
      const text = readTextFile(file, 'device config', CONFIG_MAX_BYTES, '; a Pico W config is a few hundred bytes');
      try {
        const { config, warnings } = parseConfig(text, basename(file));
        // The board ignores unknown keys (a config for another version must still boot); a
        // misspelt one is a setting the user believes is in force, so here it is an error.
        const misspelt = opts.allowUnknown ? [] : misspeltKeys(parseConfigText(text, basename(file)) as Record<string, unknown>);
        const errors = new Set(misspelt.map(([key]) => key));
        for (const w of warnings) if (![...errors].some((key) => w.startsWith(`unknown key "${key}"`))) out(`warning: ${w}`);
        for (const [key, near] of misspelt) out(`${file}: unknown key "${key}" (did you mean "${near}"?): the board would ignore it; rename it, or pass --allow-unknown`);
        if (misspelt.length > 0) {
          setCode(1);
          return;
        }
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
