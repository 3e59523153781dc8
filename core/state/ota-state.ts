/**
 * ota_state.json: scheduling state that must survive a reset (the rate-limit reset time, the last
 * check). A missing or broken file reads as "nothing known", which at worst costs one early check.
 */
import { isRecord, readJson, writeTextAtomic } from '../fsx/index.ts';
import type { Flash } from '../ports/flash.ts';
import { pyJsonDumps } from './python-json.ts';

export const STATE_PATH = 'ota_state.json';
export const STATE_FORMAT = 1;

export interface OtaState {
  /** Epoch ms before which GitHub must not be asked again, or null. */
  rate_limited_until: number | null;
  /** Epoch ms of the last completed check, or null. */
  last_check: number | null;
  /** Boots in a row that began with a watchdog reset (counted only with max_crashes_before_delay; SPEC §9.4). Written when > 0. */
  crashes?: number;
  /** Update checks still to skip after `crashes` reached the limit. Written when > 0. */
  crash_skip?: number;
}

export const EMPTY_STATE: OtaState = { rate_limited_until: null, last_check: null };

/**
 * GitHub's primary window is one hour, so no answer of GitHub's can defer a check for longer: a
 * recorded wait is capped at this past the clock when it is recorded, and a record further than
 * this ahead of the clock when it is read is corrupt (docs/SPEC.md §3).
 */
export const RATE_LIMIT_MAX_WAIT_MS = 3_600_000;

export interface ReadOtaState extends OtaState {
  /** `rate_limited_until` was there but not a time (a string, a boolean…): why, else null. */
  unreadableUntil: string | null;
}

export async function readOtaState(flash: Flash): Promise<ReadOtaState> {
  const read = await readJson(flash, STATE_PATH);
  if (read.kind !== 'ok' || !isRecord(read.value)) return { ...EMPTY_STATE, unreadableUntil: null };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const until = read.value.rate_limited_until;
  const unreadable = until !== undefined && until !== null && num(until) === null ? `is ${JSON.stringify(until)}, not a time` : null;
  // Counts are present only when positive (a garbled count reads as none: at worst one check too early).
  const counts: Pick<OtaState, 'crashes' | 'crash_skip'> = {};
  for (const key of ['crashes', 'crash_skip'] as const) {
    const v = read.value[key];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) counts[key] = v;
  }
  return { rate_limited_until: num(until), last_check: num(read.value.last_check), ...counts, unreadableUntil: unreadable };
}

export async function writeOtaState(flash: Flash, state: OtaState): Promise<void> {
  await writeTextAtomic(
    flash,
    STATE_PATH,
    pyJsonDumps({
      format: STATE_FORMAT,
      rate_limited_until: state.rate_limited_until,
      last_check: state.last_check,
      // Only when counting: a board without max_crashes_before_delay keeps the exact format-1 bytes.
      ...((state.crashes ?? 0) > 0 ? { crashes: state.crashes } : {}),
      ...((state.crash_skip ?? 0) > 0 ? { crash_skip: state.crash_skip } : {}),
    }),
  );
}
