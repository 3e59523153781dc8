/** Target names the CLI accepts. */
import type { Target } from '../scenarios/target.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';

export const TARGETS = ['ts'] as const;

export function targetByName(name: string, options: { keepLog?: boolean } = {}): Target {
  if (name === 'ts') return tsTarget(options);
  if (name === 'micropython') throw new Error('target "micropython" is not available yet (it runs device/ in the MicroPython interpreter; see issue "The MicroPython updater"); use --target ts');
  throw new Error(`unknown target "${name}"; choose one of: ${TARGETS.join(', ')}`);
}
