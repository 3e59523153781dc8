/**
 * The target options every command shares, declared once: what `--target`, `--flash`, `--flash-timing`,
 * `--updater` and `--updater-files` mean, and the spec they build. Replay lines render a spec back
 * into these same flags (scenarios/lab/replay.ts), so a printed command rebuilds the same target.
 */
import { Option, type Command } from 'commander';
import type { TargetSpec } from '../scenarios/target.ts';
import { targetOption, flashOption } from './options.ts';
import { FLASH_TIMINGS, parseFlashTiming } from '../sim/flash/index.ts';

export interface TargetFlags {
  target?: string;
  flash: string;
  flashTiming?: string;
  updater?: string;
  updaterFiles?: boolean;
  adapter?: string;
}

/** `which`: 'all' for commands that pick a target; 'diff' runs both targets (flash and updater only). */
export function addTargetOptions(cmd: Command, which: 'all' | 'diff' = 'all'): Command {
  if (which === 'all') cmd.addOption(targetOption());
  cmd
    .addOption(flashOption())
    .addOption(new Option('--flash-timing <timing>', 'flash erase/program times: typical or worst (datasheet maxima)').choices(FLASH_TIMINGS).default('typical'))
    .option('--updater <dir>', 'micropython: the updater directory the board runs (default: device/); a dir with an otalab-updater.yaml is a foreign updater (docs/updater-adapter.md)')
    .option('--adapter <file>', "the foreign updater's adapter file (default: <updater dir>/otalab-updater.yaml)");
  if (which === 'all') cmd.option('--updater-files', "ts: the board also carries the MicroPython updater's files (as sim diff runs it)");
  return cmd;
}

/** Accepted and ignored, so replay lines printed before runs lost their (meaningless) seed still work. */
export function addIgnoredSeed(cmd: Command): Command {
  return cmd.addOption(new Option('--seed <n>', 'ignored: these runs have no random choice').hideHelp());
}

export function flashProfile(text: string): 'littlefs' | 'fat' {
  if (text !== 'littlefs' && text !== 'fat') throw new Error(`--flash must be littlefs or fat, got "${text}"`);
  return text;
}

export function specOf(opts: TargetFlags, name = opts.target ?? 'ts'): TargetSpec {
  return {
    name,
    flash: flashProfile(opts.flash),
    ...(opts.flashTiming !== undefined && parseFlashTiming(opts.flashTiming) === 'worst' ? { flashTiming: 'worst' as const } : {}),
    ...(opts.updater !== undefined ? { updater: opts.updater } : {}),
    ...(opts.adapter !== undefined ? { adapter: opts.adapter } : {}),
    ...(opts.updaterFiles ? { updaterFiles: true } : {}),
  };
}
