/** Targets by name: what the CLI, the suite and sweep workers agree on. */
import type { FlashTiming } from '../../sim/flash/index.ts';
import type { Target } from '../target.ts';
import { micropythonTarget } from './micropython.ts';
import { tsTarget } from './ts.ts';

export const TARGETS = ['ts', 'micropython'] as const;

export interface TargetOptions {
  keepLog?: boolean;
  /** The flash's fault model: 'littlefs' (the Pico W's, default) or 'fat'. */
  flash?: 'littlefs' | 'fat';
  /** Flash erase/program times: 'typical' (default) or the datasheet's 'worst'. */
  flashTiming?: FlashTiming;
}

export function targetByName(name: string, options: TargetOptions = {}): Target {
  if (name === 'ts') return tsTarget(options);
  if (name === 'micropython') return micropythonTarget(options);
  throw new Error(`unknown target "${name}"; choose one of: ${TARGETS.join(', ')}`);
}
