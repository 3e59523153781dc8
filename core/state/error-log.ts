/**
 * ota_error.json: a bounded ring of structured error records, newest last, appended atomically.
 * The predecessor overwrote a `{"errors": [<str>, …]}` file and never cleared it; its strings are
 * read back as legacy records so no history is lost on the first write. A configured token never
 * reaches the file: every string in a record is redacted before writing.
 */
import type { ErrorCode } from '../outcome.ts';
import { isRecord, readJson, writeTextAtomic } from '../fsx/index.ts';
import { isFlashError, type Flash } from '../ports/flash.ts';
import type { Clock, Log } from '../ports/index.ts';
import { pyJsonDumps } from './python-json.ts';

export const ERROR_PATH = 'ota_error.json';
export const ERROR_FORMAT = 2;
/** Used when the configured `error_history_limit` is unknown (recovery before the config is read). */
export const DEFAULT_ERROR_LIMIT = 10;
export const REDACTED = '[redacted]';

export type ErrorPhase = 'check' | 'download' | 'commit' | 'recovery' | 'trial' | 'boot';

export interface ErrorRecord {
  /** Epoch seconds (0 for a legacy record, whose time is unknown). */
  time: number;
  phase: ErrorPhase;
  code: ErrorCode;
  message: string;
  [field: string]: unknown;
}

export type NewErrorRecord = Omit<ErrorRecord, 'time'> & { time?: number };

export async function readErrors(flash: Flash): Promise<ErrorRecord[]> {
  const read = await readJson(flash, ERROR_PATH);
  if (read.kind !== 'ok') return [];
  const list = Array.isArray(read.value) ? read.value : isRecord(read.value) && Array.isArray(read.value.errors) ? read.value.errors : [];
  return list.flatMap((item: unknown): ErrorRecord[] => {
    if (typeof item === 'string') return [{ time: 0, phase: 'boot', code: 'INTERNAL', message: item, legacy: true }];
    if (isRecord(item) && typeof item.message === 'string' && typeof item.code === 'string') {
      return [{ ...item, time: typeof item.time === 'number' ? item.time : 0, phase: (item.phase ?? 'boot') as ErrorPhase, code: item.code as ErrorCode, message: item.message }];
    }
    return [];
  });
}

export interface RecordOptions {
  limit: number;
  token?: string | null;
  /** Skip the write when the newest record already has this code, phase and these fields (a repeated recovery step). */
  dedupe?: boolean;
}

/**
 * Appends `rec` to the ring. Returns false, and logs, when the flash refuses the write (a full
 * flash must not turn a recorded failure into a crash); power loss and bugs propagate.
 */
export async function recordError(
  ports: { flash: Flash; clock: Clock; log: Log },
  rec: NewErrorRecord,
  opts: RecordOptions,
): Promise<boolean> {
  const token = opts.token ?? '';
  const clean = redact({ ...rec, time: rec.time ?? Math.floor(ports.clock.now() / 1000) }, token) as ErrorRecord;
  try {
    const existing = await readErrors(ports.flash);
    if (opts.dedupe === true && sameEvent(existing.at(-1), clean)) return false;
    const limit = Math.max(1, Math.floor(opts.limit));
    const errors = [...existing, clean].slice(-limit).map(ordered);
    await writeTextAtomic(ports.flash, ERROR_PATH, pyJsonDumps({ errors, format: ERROR_FORMAT }));
    ports.log.log('warn', 'error.recorded', { phase: clean.phase, code: clean.code, message: clean.message });
    return true;
  } catch (err) {
    if (!isFlashError(err)) throw err;
    ports.log.log('error', 'error.record_failed', { code: clean.code, flash: err.code });
    return false;
  }
}

/** time, phase, code, message first (the documented order), then any other fields as given. */
function ordered(rec: ErrorRecord): ErrorRecord {
  const { time, phase, code, message, ...rest } = rec;
  return { time, phase, code, message, ...rest };
}

function sameEvent(a: ErrorRecord | undefined, b: ErrorRecord): boolean {
  if (a === undefined) return false;
  const strip = ({ time: _t, ...rest }: ErrorRecord) => pyJsonDumps(ordered({ time: 0, ...rest }));
  return strip(a) === strip(b);
}

/** Replaces every occurrence of `token` in every string, keys included. */
export function redact(value: unknown, token: string): unknown {
  if (token === '') return value;
  if (typeof value === 'string') return value.split(token).join(REDACTED);
  if (Array.isArray(value)) return value.map((v) => redact(v, token));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k, token) as string, redact(v, token)]));
  return value;
}
