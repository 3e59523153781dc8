/** Targets from their spec: what the CLI, the suite and sweep workers agree on. */
import type { Target, TargetSpec } from '../target.ts';
import { withUpdaterFiles } from '../lab/diff.ts';
import { micropythonTarget } from './micropython.ts';
import { tsTarget } from './ts.ts';

export const TARGETS = ['ts', 'micropython'] as const;

/**
 * The target a spec describes (a worker rebuilds its parent's target from it). `keepLog` only
 * changes what a run prints, never its outcome, so it is not part of the spec.
 */
export function targetFromSpec(spec: TargetSpec, local: { keepLog?: boolean } = {}): Target {
  const { name, flash, flashTiming, updater, updaterFiles, adapter } = spec;
  if (updater !== undefined && name !== 'micropython') throw new Error(`--updater names the MicroPython updater to run; it needs --target micropython (got --target ${name})`);
  if (adapter !== undefined && updater === undefined) throw new Error('--adapter describes the updater given with --updater <dir>; add --updater');
  if (updaterFiles && name !== 'ts') throw new Error(`--updater-files puts the MicroPython updater's files on the ts board; it needs --target ts (got --target ${name})`);
  if (name === 'ts') {
    const ts = tsTarget({ keepLog: local.keepLog, flash, flashTiming });
    return updaterFiles ? withUpdaterFiles(ts) : ts;
  }
  if (name === 'micropython') return micropythonTarget({ keepLog: local.keepLog, flash, flashTiming, ...(updater !== undefined ? { firmwareDir: updater } : {}), ...(adapter !== undefined ? { adapterFile: adapter } : {}) });
  throw new Error(`unknown target "${name}"; choose one of: ${TARGETS.join(', ')}`);
}
