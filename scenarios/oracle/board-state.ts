/**
 * Reading the updater's state files back from a board, independently of core's readers (the
 * oracle must not share a bug with the code it judges). Accepts the predecessor's formats too.
 */

export interface VersionView {
  ref: string | null;
  commit: string | null;
  files: Record<string, string> | null;
  rejected: string[];
}

export type VersionRead = { kind: 'absent' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; value: VersionView };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(bytes)) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function readVersionJson(files: ReadonlyMap<string, Uint8Array>): VersionRead {
  const bytes = files.get('version.json');
  if (bytes === undefined) return { kind: 'absent' };
  const parsed = parseJson(bytes);
  if (!parsed.ok) return { kind: 'invalid', reason: `not JSON (${parsed.reason})` };
  const v = parsed.value;
  if (!isRecord(v)) return { kind: 'invalid', reason: 'not a JSON object' };
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  const files_ = isRecord(v.files) && Object.values(v.files).every((s) => typeof s === 'string') ? (v.files as Record<string, string>) : null;
  const rejected = Array.isArray(v.rejected) ? v.rejected.filter((c): c is string => typeof c === 'string') : [];
  return { kind: 'ok', value: { ref: str(v.ref), commit: str(v.commit), files: files_, rejected } };
}

export interface ErrorView {
  code: string | null;
  message: string;
}

/** ota_error.json: ours (`{"errors": [{code, message, …}], "format": 2}`) or the predecessor's (`{"errors": [str]}`). */
export function readErrorRecords(files: ReadonlyMap<string, Uint8Array>): { records: ErrorView[]; problem: string | null } {
  const bytes = files.get('ota_error.json');
  if (bytes === undefined) return { records: [], problem: null };
  const parsed = parseJson(bytes);
  if (!parsed.ok) return { records: [], problem: `ota_error.json is not JSON (${parsed.reason})` };
  const list = isRecord(parsed.value) && Array.isArray(parsed.value.errors) ? parsed.value.errors : Array.isArray(parsed.value) ? parsed.value : null;
  if (list === null) return { records: [], problem: 'ota_error.json has no "errors" list' };
  const records = list.map((item): ErrorView => {
    if (typeof item === 'string') return { code: null, message: item };
    if (isRecord(item)) return { code: typeof item.code === 'string' ? item.code : null, message: typeof item.message === 'string' ? item.message : JSON.stringify(item) };
    return { code: null, message: JSON.stringify(item) };
  });
  return { records, problem: null };
}

/** A record with this code; a predecessor string record counts when it mentions the code. */
export function hasErrorCode(records: readonly ErrorView[], code: string): boolean {
  return records.some((r) => r.code === code || (r.code === null && r.message.includes(code)));
}
