/** Targets by name: what the CLI, the suite and sweep workers agree on. */
import type { Target } from '../target.ts';
import { tsTarget } from './ts.ts';

export const TARGETS = ['ts'] as const;

export function targetByName(name: string, options: { keepLog?: boolean } = {}): Target {
  if (name === 'ts') return tsTarget(options);
  if (name === 'micropython') {
    throw new Error('target "micropython" is not available yet (it will run device/ in the MicroPython interpreter); use --target ts');
  }
  throw new Error(`unknown target "${name}"; choose one of: ${TARGETS.join(', ')}`);
}
