/**
 * ota_state.json: scheduling state that must survive a reset (the rate-limit reset time, the last
 * check, the ETag of the last ref lookup). A missing or broken file reads as "nothing known", which
 * at worst costs one early check or one full lookup.
 */
import { isRecord, readJson, writeTextAtomic } from '../fsx/index.ts';
import type { Flash } from '../ports/flash.ts';
import { pyJsonDumps } from './python-json.ts';

export const STATE_PATH = 'ota_state.json';
export const STATE_FORMAT = 1;

/** The validator of the last ref lookup that found the board up to date (docs/SPEC.md §3). */
export interface LookupRecord {
  /** The API path asked (`releases/latest`, `git/ref/heads/main`, `git/ref/tags/v1`). */
  path: string;
  /** The ETag GitHub sent with it, sent back as If-None-Match. */
  etag: string;
  /** The commit that lookup resolved to (installed at the time). */
  commit: string;
}

export interface OtaState {
  /** Epoch ms before which GitHub must not be asked again, or null. */
  rate_limited_until: number | null;
  /** Epoch ms of the last completed check, or null. */
  last_check: number | null;
  /** Boots in a row that began with a watchdog reset (counted only with max_crashes_before_delay; SPEC §9.4). Written when > 0. */
  crashes?: number;
  /** Update checks still to skip after `crashes` reached the limit. Written when > 0. */
  crash_skip?: number;
  /** Absent or null: no lookup to repeat conditionally. */
  lookup?: LookupRecord | null;
  /** Failed checks in a row (absent: 0); only a polling board (min_update_interval_sec) keeps it. */
  failures?: number;
  /** Epoch ms before which the backoff after those failures defers the next check, or null/absent. */
  next_check_at?: number | null;
  /** The highest signed manifest `counter` installed (SPEC §12.5); absent until a signed install. */
  counter?: number;
}

export const EMPTY_STATE: OtaState = { rate_limited_until: null, last_check: null, lookup: null };

/**
 * GitHub's primary window is one hour, so no answer of GitHub's can defer a check for longer: a
 * recorded wait is capped at this past the clock when it is recorded, and a record further than
 * this ahead of the clock when it is read is corrupt (docs/SPEC.md §3).
 */
export const RATE_LIMIT_MAX_WAIT_MS = 3_600_000;

export interface ReadOtaState extends OtaState {
  lookup: LookupRecord | null;
  failures: number;
  next_check_at: number | null;
  /** `rate_limited_until` was there but not a time (a string, a boolean…): why, else null. */
  unreadableUntil: string | null;
  /** `lookup` was there but not a valid record: why, else null. */
  unreadableLookup: string | null;
}

const SHA_RE = /^[0-9a-f]{40}$/;
const ETAG_RE = /^(W\/)?"[\x21\x23-\x7e]*"$/;

/** A lookup record, or why it is not one. */
function parseLookup(v: unknown): LookupRecord | string {
  if (!isRecord(v)) return 'is not an object';
  const { path, etag, commit } = v;
  if (typeof path !== 'string' || path === '') return 'has no "path"';
  // An entity-tag ([W/]"…") of printable ASCII: it goes back into a request header, so a garbled
  // one must not forge a header; `*` (matches anything) is not one.
  if (typeof etag !== 'string' || !ETAG_RE.test(etag) || etag.length > 200) return 'has no valid "etag"';
  if (typeof commit !== 'string' || !SHA_RE.test(commit)) return 'has no 40-hex "commit"';
  return { path, etag, commit };
}

export async function readOtaState(flash: Flash): Promise<ReadOtaState> {
  const read = await readJson(flash, STATE_PATH);
  if (read.kind !== 'ok' || !isRecord(read.value)) return { ...EMPTY_STATE, lookup: null, failures: 0, next_check_at: null, unreadableUntil: null, unreadableLookup: null };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const until = read.value.rate_limited_until;
  const unreadable = until !== undefined && until !== null && num(until) === null ? `is ${JSON.stringify(until)}, not a time` : null;
  const rawLookup = read.value.lookup;
  const lookup = rawLookup === undefined || rawLookup === null ? null : parseLookup(rawLookup);
  // Counts are present only when positive (a garbled count reads as none: at worst one check too early).
  const counts: Pick<OtaState, 'crashes' | 'crash_skip'> = {};
  for (const key of ['crashes', 'crash_skip'] as const) {
    const v = read.value[key];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) counts[key] = v;
  }
  return {
    rate_limited_until: num(until),
    last_check: num(read.value.last_check),
    lookup: typeof lookup === 'string' ? null : lookup,
    // A garbled count or time reads as none: at worst one early check.
    failures: Number.isSafeInteger(read.value.failures) && (read.value.failures as number) > 0 ? (read.value.failures as number) : 0,
    next_check_at: Number.isSafeInteger(read.value.next_check_at) ? (read.value.next_check_at as number) : null,
    ...counts,
    // A garbled counter reads as none: the semver rule still guards (SPEC §12.5).
    ...(Number.isSafeInteger(read.value.counter) && (read.value.counter as number) >= 0 ? { counter: read.value.counter as number } : {}),
    unreadableUntil: unreadable,
    unreadableLookup: typeof lookup === 'string' ? lookup : null,
  };
}

/**
 * The file's bytes for `state`; without a lookup, a backoff or crash counts they are exactly the
 * format-1 bytes of before (a board using none of these features keeps them).
 */
export function serializeOtaState(state: OtaState): string {
  const out: Record<string, unknown> = { format: STATE_FORMAT, rate_limited_until: state.rate_limited_until, last_check: state.last_check };
  const l = state.lookup;
  if (l) out.lookup = { path: l.path, etag: l.etag, commit: l.commit };
  // Written only while a backoff runs; absent again once a check completes.
  if (state.failures !== undefined && state.failures > 0) out.failures = state.failures;
  if (state.next_check_at !== undefined && state.next_check_at !== null) out.next_check_at = state.next_check_at;
  // Only when counting (max_crashes_before_delay, SPEC §9.4).
  if ((state.crashes ?? 0) > 0) out.crashes = state.crashes;
  if ((state.crash_skip ?? 0) > 0) out.crash_skip = state.crash_skip;
  // Only once a signed manifest was installed (trusted_keys, SPEC §12.5).
  if (state.counter !== undefined) out.counter = state.counter;
  return pyJsonDumps(out);
}

export async function writeOtaState(flash: Flash, state: OtaState): Promise<void> {
  await writeTextAtomic(flash, STATE_PATH, serializeOtaState(state));
}
