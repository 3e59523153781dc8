/**
 * recorded — a failed attempt leaves a structured error record: when a boot's updater outcome was
 * a failure, or the board stayed on its old version although an update was due. A deferral
 * (battery low, waiting out a rate limit) is not a failure and needs no record. "No record" is
 * right only when the flash could not take one (it refused new data: SPEC §2).
 */
import { userVisible } from '../state/managed.ts';
import { readErrorRecords } from './board-state.ts';
import { sameFiles } from './files-compare.ts';
import type { Facts, Verdict } from './types.ts';

export function checkRecorded(f: Facts): Verdict[] {
  return [...checkRecordPresent(f), ...checkRingOrder(f)];
}

function checkRecordPresent(f: Facts): Verdict[] {
  const outcomes = f.run.boots.map((b) => b.outcome ?? '');
  const failed = f.run.boots.filter((b) => (b.outcome ?? '').startsWith('failed'));
  const deferred = outcomes.some((o) => o.startsWith('deferred'));
  const updateDue = !sameFiles(f.before, f.after);
  const stayed = updateDue && sameFiles(userVisible(f.run.files, f.rules), f.before);
  const needed = failed.length > 0 || (stayed && !deferred);
  if (!needed) return [];
  const { records, problem } = readErrorRecords(f.run.files);
  if (records.length > 0) return [];
  // SPEC §2: a record the flash refuses is dropped (recording a failure must not cause another).
  if (f.run.flashFull === true && problem === null) return [];
  const why = failed.length > 0 ? `boot ${failed[0]!.index} reported "${failed[0]!.outcome}"` : 'the board stayed on the old version although an update was due';
  return [{ invariant: 'recorded', message: `${why}, but ota_error.json ${problem ?? 'holds no record'}` }];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The records of one ota_error.json write, each as its JSON text (null when it is not a ring). */
function ringOf(bytes: Uint8Array): string[] | null {
  try {
    const doc = JSON.parse(utf8.decode(bytes)) as unknown;
    const list = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { errors?: unknown }).errors : doc;
    return Array.isArray(list) ? list.map((r) => JSON.stringify(r)) : null;
  } catch {
    return null;
  }
}

/**
 * The ring keeps the newest records (SPEC §2: newest last, the oldest dropped past the limit).
 * Each landed write appends one record to the one before and may drop records from its front: all
 * but its last record must be the newest records of the previous write. A ring that kept older
 * records over newer ones, or dropped the record it was written to add, breaks it. (Records are
 * compared whole: two equal records — one event twice within a second — are indistinguishable.)
 */
export function checkRingOrder(f: Facts): Verdict[] {
  let previous: string[] | null = null;
  for (const w of f.run.errorLogWrites ?? []) {
    const ring = ringOf(w.bytes);
    if (ring !== null && previous !== null && ring.length > 0) {
      const kept = ring.slice(0, -1);
      const newest = previous.slice(previous.length - kept.length);
      if (kept.length > previous.length || kept.some((r, i) => r !== newest[i])) {
        const why = kept.length > previous.length ? `it holds ${ring.length} records after ${previous.length}, more than one new` : 'it kept older records over newer ones, or lost the one it was written to add';
        return [{ invariant: 'recorded', boot: w.boot, message: `ota_error.json rewritten at op ${w.op} does not keep the newest records: ${why}` }];
      }
    }
    previous = ring;
  }
  return [];
}
