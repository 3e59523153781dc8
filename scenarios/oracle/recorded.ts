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
 * Every landed write must be some newest records already written, then at least one new record.
 * A write the oracle did not see (its rename cut just after it landed) only adds records, so it
 * keeps this true; a ring that kept older records over newer ones, or dropped the one it was
 * written to add, breaks it.
 */
export function checkRingOrder(f: Facts): Verdict[] {
  let written: string[] | null = null;
  for (const w of f.run.errorLogWrites ?? []) {
    const ring = ringOf(w.bytes);
    if (ring === null || written === null) {
      written = ring;
      continue;
    }
    const seen = new Set(written);
    const kept = ring.filter((r) => seen.has(r)).length;
    const keptIsNewest = ring.slice(0, kept).every((r) => seen.has(r)) && ring.slice(0, kept).join('\n') === written.slice(written.length - kept).join('\n');
    if (!keptIsNewest || kept === ring.length) {
      const why = kept === ring.length ? 'the record it was written to add is missing' : 'it kept older records and dropped newer ones';
      return [{ invariant: 'recorded', boot: w.boot, message: `ota_error.json rewritten at op ${w.op} does not keep the newest records: ${why} (have ${ring.length} records)` }];
    }
    written = [...written, ...ring.slice(kept)];
  }
  return [];
}
