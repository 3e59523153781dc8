/**
 * Whether a rollback already undid part of a version on trial (SPEC §5.5, phase `trial`).
 *
 * On a full flash a rollback from phase `trial` cannot write the `rollback` phase and runs with the
 * journal left in `trial` (rollback.ts). A cut then leaves a journal that still says `trial` over
 * files that are partly the old version; were that boot counted and the app run, it would run a mix
 * and could confirm it. Every undo step leaves a mark that needs no write: an add/replace target
 * removed or renamed away, or a replace/delete backup renamed back. On trial all of them are in
 * place (the commit made them so and only cleanup or rollback removes them).
 */
import type { Journal } from '../journal/index.ts';
import { backupPath, exists, type CorePorts } from './steps.ts';

export async function undoBegun(ports: CorePorts, j: Journal): Promise<boolean> {
  for (const op of j.ops) {
    if (op.op !== 'delete' && !(await exists(ports, op.path))) return true;
    if (op.op !== 'add' && !(await exists(ports, backupPath(j, op.path)))) return true;
  }
  return false;
}
