/**
 * What a resumable download keeps on flash (docs/SPEC.md §13): `.ota_resume/resume.json` names
 * the file being fetched (path, size, expected digests) and the server's ETag, and the body so far
 * sits beside it in closed segments `0.seg`, `1.seg`, … A segment is closed every SEGMENT_BYTES
 * because littlefs keeps nothing of a file that was never closed: a power cut loses at most the
 * open segment. The dir lives outside the stage dir, which every attempt and every boot clears.
 */
import { isRecord, readJson, rmtree, writeTextAtomic } from '../fsx/index.ts';
import { RESUME_DIR } from '../paths/index.ts';
import type { Flash } from '../ports/index.ts';
import { pyJsonDumps } from '../state/python-json.ts';

export const RESUME_FORMAT = 1;
/** Smaller files are fetched whole: a record and segments would cost more flash than they save. */
export const RESUME_MIN_BYTES = 16384;
/** A closed segment every this many bytes: what a power cut may lose. */
export const SEGMENT_BYTES = 16384;
export const RESUME_RECORD = `${RESUME_DIR}/resume.json`;

export const segmentPath = (n: number): string => `${RESUME_DIR}/${n}.seg`;

export interface ResumeRecord {
  path: string;
  size: number;
  sha1: string | null;
  sha256: string | null;
  /** A strong ETag: sent back as If-Range, so a changed file comes back whole (200). */
  etag: string;
}

export interface ResumePoint {
  record: ResumeRecord;
  /** Bytes already on flash: the sizes of the leading non-empty segments. */
  offset: number;
  segments: number;
}

/** Keys sorted, as the device's json writer does. */
export function serializeResumeRecord(r: ResumeRecord): string {
  return pyJsonDumps({ etag: r.etag, format: RESUME_FORMAT, path: r.path, sha1: r.sha1, sha256: r.sha256, size: r.size });
}

export async function writeResumeRecord(flash: Flash, r: ResumeRecord): Promise<void> {
  await writeTextAtomic(flash, RESUME_RECORD, serializeResumeRecord(r));
}

/** A strong validator only: If-Range with a weak one must not be sent (RFC 9110 §13.1.5). */
export function isStrongEtag(etag: string | null): etag is string {
  return etag !== null && /^"[^"]*"$/.test(etag.trim());
}

/**
 * Where a download of `want` can go on from, or null. Anything else found there (another file's
 * partial, a torn or unknown record, no bytes yet) is removed, so it never costs flash for long.
 */
export async function findResumePoint(flash: Flash, want: Omit<ResumeRecord, 'etag'>, feed: () => void): Promise<ResumePoint | null> {
  if ((await flash.stat(RESUME_DIR)) === null) return null;
  const read = await readJson(flash, RESUME_RECORD);
  const v = read.kind === 'ok' ? read.value : null;
  const same =
    isRecord(v) && v.format === RESUME_FORMAT && v.path === want.path && v.size === want.size && v.sha1 === want.sha1 && v.sha256 === want.sha256 && typeof v.etag === 'string' && isStrongEtag(v.etag);
  let offset = 0;
  let segments = 0;
  if (same) {
    for (;;) {
      const st = await flash.stat(segmentPath(segments));
      if (st === null || st.kind !== 'file' || st.size === 0) break;
      offset += st.size;
      segments += 1;
    }
  }
  if (!same || offset === 0 || offset >= want.size) {
    await dropResume(flash, feed);
    return null;
  }
  return { record: { ...want, etag: (v as { etag: string }).etag }, offset, segments };
}

export async function dropResume(flash: Flash, feed: () => void): Promise<void> {
  await rmtree(flash, RESUME_DIR, feed);
}

/**
 * Flash the kept partial holds, in whole 4 KiB blocks: the free-space check counts it as free,
 * since the same update either reuses it (resumes) or removes it before its first byte.
 */
export async function resumeHeldBytes(flash: Flash): Promise<number> {
  const st = await flash.stat(RESUME_DIR);
  if (st === null || st.kind !== 'dir') return 0;
  let held = 0;
  for (const e of await flash.list(RESUME_DIR)) if (e.kind === 'file') held += Math.ceil(e.size / 4096) * 4096;
  return held;
}
