/**
 * recorded — a failed attempt leaves a structured error record: when a boot's updater outcome was
 * a failure, or the board stayed on its old version although an update was due. A deferral
 * (battery low, waiting out a rate limit) is not a failure and needs no record.
 */
import { userVisible } from '../state/managed.ts';
import { readErrorRecords } from './board-state.ts';
import { sameFiles } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

export function checkRecorded(f: Facts): Verdict[] {
  const outcomes = f.run.boots.map((b) => b.outcome ?? '');
  const failed = f.run.boots.filter((b) => (b.outcome ?? '').startsWith('failed'));
  const deferred = outcomes.some((o) => o.startsWith('deferred'));
  const updateDue = !sameFiles(f.before, f.after);
  const stayed = updateDue && sameFiles(userVisible(f.run.files, f.rules), f.before);
  const needed = failed.length > 0 || (stayed && !deferred);
  if (!needed) return [];
  const { records, problem } = readErrorRecords(f.run.files);
  if (records.length > 0 || f.ctx.flashFilled === true) return []; // a full flash may have no room for the record
  const why = failed.length > 0 ? `boot ${failed[0]!.index} reported "${failed[0]!.outcome}"` : 'the board stayed on the old version although an update was due';
  return [{ invariant: 'recorded', message: `${why}, but ota_error.json ${problem ?? 'holds no record'}` }];
}
