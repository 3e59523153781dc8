/**
 * Options shared by several commands, built once so every `--help` lists the same targets, flash
 * profiles and defaults, and commander rejects anything else before a run starts.
 */
import { Option } from 'commander';
import { TARGETS } from './targets.ts';

export const FLASH_PROFILES = ['littlefs', 'fat'] as const;

export const targetOption = (what = 'where the updater runs: ts (core/ on the virtual Pico W) or micropython (device/ in the MicroPython interpreter)') =>
  new Option('--target <name>', what).choices(TARGETS).default('ts');

export const flashOption = () =>
  new Option('--flash <profile>', "flash fault model: littlefs (the Pico W's) or fat (shows what FAT risks)").choices(FLASH_PROFILES).default('littlefs');

export const seedOption = (what = 'seed for every random choice (0 to 4294967295)') => new Option('--seed <n>', what).default('1');
