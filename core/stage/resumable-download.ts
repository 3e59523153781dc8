/**
 * A large file (RESUME_MIN_BYTES or more) fetched so that a dropped link or a power cut resumes
 * instead of restarting (docs/SPEC.md §13). The body goes into closed segments in `.ota_resume/`;
 * a later attempt (the next retry, or the next boot) asks for the rest with `Range: bytes=N-`
 * and `If-Range: <etag>`. Only a 206 whose Content-Range is exactly `bytes N-(size-1)/size` is
 * appended; a 200 (the file changed, or a server that ignores Range) restarts from byte 0; any
 * other 206 is refused and the file fetched whole. Once all bytes are there, the segments are
 * read back (hashed as they are copied: MicroPython's hashlib cannot save its state, so both
 * updaters hash from flash) into `<stage>/<path>.part`, verified, and renamed. A resumed file that
 * does not verify is thrown away and fetched whole once more.
 */
import { OtaError } from '../errors.ts';
import { mkdirs } from '../fsx/index.ts';
import type { GitHubClient } from '../github/index.ts';
import { describeNetworkFailure, isNetworkFailure } from '../github/index.ts';
import { BlobSha1, Sha256 } from '../hash/index.ts';
import { parentOf, RESUME_DIR } from '../paths/index.ts';
import type { FlashWriter, Ports } from '../ports/index.ts';
import { dropResume, findResumePoint, isStrongEtag, SEGMENT_BYTES, segmentPath, writeResumeRecord, type ResumeRecord } from './resume-record.ts';
import type { StageItem } from './download-to-stage.ts';

type StagePorts = Pick<Ports, 'flash' | 'watchdog'> & Partial<Pick<Ports, 'log'>>;

export interface ResumableTarget {
  stagePath: string;
  part: string;
  chunk: number;
  onDiscarded?: (message: string) => Promise<void>;
}

/** What the caller does when the server gives no strong ETag: the plain, non-resumable download. */
export type PlainDownload = (res: Response) => Promise<number>;

export async function downloadResumable(ports: StagePorts, client: Pick<GitHubClient, 'download'>, item: StageItem, t: ResumableTarget, plain: PlainDownload): Promise<number> {
  const feed = () => ports.watchdog.feed();
  const want = { path: item.path, size: item.size, sha1: item.sha1 ?? null, sha256: item.sha256 ?? null };
  const point = await findResumePoint(ports.flash, want, feed);
  let res: Response;
  let offset = 0;
  let segments = 0;
  let record: ResumeRecord | null = null;
  if (point !== null) {
    res = await client.download(item.url, item.path, { Range: `bytes=${point.offset}-`, 'If-Range': point.record.etag });
    if (res.status === 206) {
      const why = badPartial(res, point.offset, item.size);
      if (why === null) {
        ({ offset, segments, record } = point);
        ports.log?.log('info', 'stage.resume', { path: item.path, offset });
      } else {
        res.body?.cancel().catch(() => {});
        ports.log?.log('warn', 'stage.resume-refused', { path: item.path, offset: point.offset, why });
        await dropResume(ports.flash, feed);
        res = await client.download(item.url, item.path);
      }
    } else {
      // 200: the file changed (If-Range) or the server ignores Range; the old bytes are worthless.
      ports.log?.log('info', 'stage.resume-restart', { path: item.path, offset: point.offset, status: res.status });
      await dropResume(ports.flash, feed);
    }
  } else {
    res = await client.download(item.url, item.path);
  }
  if (res.status === 206 && record === null) {
    res.body?.cancel().catch(() => {});
    throw new OtaError('BAD_RESPONSE', `HTTP 206 for ${item.path} to a request without Range; the next attempt asks again`, { path: item.path });
  }
  if (record === null) {
    const etag = res.headers.get('etag');
    checkLength(res, item, 0);
    if (!isStrongEtag(etag)) return plain(res);
    record = { ...want, etag: etag.trim() };
    await mkdirs(ports.flash, RESUME_DIR);
    await writeResumeRecord(ports.flash, record);
  } else {
    checkLength(res, item, offset);
  }
  segments = await streamSegments(ports, res, item, offset, segments, t.chunk);
  return assemble(ports, client, item, t, segments, offset > 0, plain);
}

/** null when a 206 carries exactly the rest of the file, else why not. */
function badPartial(res: Response, offset: number, size: number): string | null {
  const range = (res.headers.get('content-range') ?? '').trim();
  if (range !== `bytes ${offset}-${size - 1}/${size}`) return `Content-Range ${JSON.stringify(range)}, asked for bytes ${offset}-${size - 1}/${size}`;
  return null;
}

function checkLength(res: Response, item: StageItem, offset: number): void {
  const declared = res.headers.get('content-length');
  const encoded = !/^(identity)?$/i.test((res.headers.get('content-encoding') ?? '').trim());
  if (!encoded && declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) !== item.size - offset) {
    res.body?.cancel().catch(() => {});
    throw new OtaError('SIZE_MISMATCH', `size mismatch for ${item.path}: the server sends ${Number(declared)} bytes, expected ${item.size - offset}`, { path: item.path });
  }
}

/**
 * The body into segments from `offset`: a segment is closed once it holds SEGMENT_BYTES or more,
 * and at a dropped link, so what arrived survives. Returns the number of segments.
 */
async function streamSegments(ports: StagePorts, res: Response, item: StageItem, offset: number, first: number, chunk: number): Promise<number> {
  const reader = res.body?.getReader();
  let total = offset;
  let n = first;
  let w: FlashWriter | null = null;
  let inSegment = 0;
  const closeSegment = async () => {
    const x = w;
    w = null;
    if (x !== null) await x.close();
    if (inSegment > 0) n += 1;
    inSegment = 0;
  };
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array> | undefined;
      try {
        step = await reader?.read();
      } catch (err) {
        if (!isNetworkFailure(err)) throw err;
        await closeSegment();
        throw new OtaError('NETWORK', `connection dropped after ${total} of ${item.size} bytes of ${item.path}: ${describeNetworkFailure(err)}`, { path: item.path, bytes: total });
      }
      if (step === undefined || step.done) break;
      if (total + step.value.length > item.size) throw new OtaError('SIZE_MISMATCH', `size mismatch for ${item.path}: more than the expected ${item.size} bytes`, { path: item.path });
      for (let at = 0; at < step.value.length; at += chunk) {
        const piece = step.value.subarray(at, at + chunk);
        if (w === null) w = await ports.flash.openWrite(segmentPath(n));
        await w.write(piece);
        inSegment += piece.length;
        total += piece.length;
        ports.watchdog.feed();
        if (inSegment >= SEGMENT_BYTES) await closeSegment();
      }
    }
    await closeSegment();
  } catch (err) {
    reader?.cancel().catch(() => {});
    if (err instanceof OtaError && err.code === 'NETWORK') throw err;
    // Anything but a dropped link makes the partial worthless (or the flash is failing).
    await bestEffort(async () => (w as FlashWriter | null)?.close());
    await bestEffort(() => dropResume(ports.flash, () => ports.watchdog.feed()));
    throw err;
  }
  if (total !== item.size) {
    await dropResume(ports.flash, () => ports.watchdog.feed());
    throw new OtaError('SIZE_MISMATCH', `size mismatch for ${item.path}: got ${total} bytes, expected ${item.size} (connection closed early?)`, { path: item.path, bytes: total });
  }
  return n;
}

/** Segments, in order, through the hashes into `<stage>/<path>.part`; verified, renamed, segments dropped. */
async function assemble(ports: StagePorts, client: Pick<GitHubClient, 'download'>, item: StageItem, t: ResumableTarget, segments: number, resumed: boolean, plain: PlainDownload): Promise<number> {
  const feed = () => ports.watchdog.feed();
  const blob = item.sha1 === undefined ? null : new BlobSha1(item.size);
  const sha = item.sha256 === undefined ? null : new Sha256();
  let w: FlashWriter | null = null;
  try {
    await mkdirs(ports.flash, parentOf(t.stagePath));
    w = await ports.flash.openWrite(t.part);
    for (let i = 0; i < segments; i++) {
      const r = await ports.flash.openRead(segmentPath(i));
      try {
        for (;;) {
          const piece = await r.read(t.chunk);
          if (piece === null || piece.length === 0) break;
          blob?.update(piece);
          sha?.update(piece);
          await w.write(piece);
          feed();
        }
      } finally {
        await r.close();
      }
      // Freed as it is copied, so the file needs its size plus one segment, not twice its size.
      await ports.flash.remove(segmentPath(i));
    }
    const x = w;
    w = null;
    await x.close();
  } catch (err) {
    await bestEffort(async () => (w as FlashWriter | null)?.close());
    await bestEffort(async () => {
      if ((await ports.flash.stat(t.part)) !== null) await ports.flash.remove(t.part);
    });
    throw err;
  }
  const got1 = blob?.hex() ?? null;
  const got256 = sha?.hex() ?? null;
  const ok = (item.sha1 === undefined || got1 === item.sha1) && (item.sha256 === undefined || got256 === item.sha256);
  if (!ok) {
    await ports.flash.remove(t.part);
    await dropResume(ports.flash, feed);
    if (resumed) {
      // Bytes from two answers that do not make the file: fetch it whole, once.
      ports.log?.log('warn', 'stage.resume-discarded', { path: item.path, expected: item.sha1 ?? item.sha256, actual: got1 ?? got256 });
      await t.onDiscarded?.(`resumed download of ${item.path} did not verify; fetching it whole`);
      return downloadResumable(ports, client, item, t, plain);
    }
    const [kind, expected, actual] = item.sha1 !== undefined && got1 !== item.sha1 ? ['blob SHA-1', item.sha1, got1] : ['SHA-256', item.sha256, got256];
    throw new OtaError('HASH_MISMATCH', `hash mismatch for ${item.path}: expected ${kind} ${expected}, got ${actual}`, { path: item.path, expected, actual });
  }
  await ports.flash.rename(t.part, t.stagePath);
  await dropResume(ports.flash, feed);
  return item.size;
}

async function bestEffort(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch {
    // The original error is what the caller needs to see.
  }
}
