/**
 * One file from the network into the stage dir, verified before it gets its final name. The body
 * streams into `<stage>/<path>.part` in writes of at most `chunk` bytes (never the whole file in
 * memory), hashed on the fly; only when size and every given digest match is it renamed to
 * `<stage>/<path>`. Any failure removes the `.part` (best effort) and throws an OtaError, so the
 * stage dir only ever holds verified files.
 */
import { OtaError } from '../errors.ts';
import { mkdirs } from '../fsx/index.ts';
import type { GitHubClient } from '../github/index.ts';
import { describeNetworkFailure, isNetworkFailure } from '../github/index.ts';
import { BlobSha1, EMPTY_BLOB_SHA1, Sha256, sha256Hex } from '../hash/index.ts';
import { checkRepoPath, joinPath, parentOf } from '../paths/index.ts';
import type { Flash, FlashWriter, Ports } from '../ports/index.ts';
import { asStageError } from './flash-failure.ts';
import { downloadResumable } from './resumable-download.ts';
import { RESUME_MIN_BYTES } from './resume-record.ts';

export interface StageItem {
  /** Repo-relative path; staged at `<stageDir>/<path>`. */
  path: string;
  url: string;
  size: number;
  /** Git blob SHA-1 (tree mode). */
  sha1?: string;
  /** SHA-256 (manifest mode). */
  sha256?: string;
}

export interface StageOptions {
  stageDir: string;
  /** Largest single flash write, bytes (config `chunk`). */
  chunk: number;
  /** Records that a resumed download did not verify (before it is fetched whole again). */
  onResumeDiscarded?: (message: string) => Promise<void>;
}

export interface StagedFile {
  stagePath: string;
  bytes: number;
}

type StagePorts = Pick<Ports, 'flash' | 'watchdog'> & Partial<Pick<Ports, 'log'>>;

const EMPTY_SHA256 = sha256Hex(new Uint8Array(0));

export async function downloadToStage(ports: StagePorts, client: Pick<GitHubClient, 'download'>, item: StageItem, opts: StageOptions): Promise<StagedFile> {
  if (!Number.isSafeInteger(opts.chunk) || opts.chunk < 1) throw new RangeError(`Failed to stage ${item.path}: chunk must be a positive integer, got ${opts.chunk}`);
  const why = checkRepoPath(item.path);
  if (why !== null) throw new OtaError('PATH_REJECTED', `refusing to stage ${JSON.stringify(item.path)}: it ${why}`, { path: item.path });
  const stagePath = joinPath(opts.stageDir, item.path);
  const part = `${stagePath}.part`;
  if (item.size === 0) {
    // Nothing to fetch: the expected hashes must already be those of no bytes.
    verify(item, EMPTY_BLOB_SHA1, EMPTY_SHA256);
    await writeVerified(ports.flash, item.path, stagePath, part, async () => 0);
    return { stagePath, bytes: 0 };
  }
  if (item.size >= RESUME_MIN_BYTES) {
    // Large files survive a dropped link or a power cut (resumable-download.ts, SPEC §13).
    const plain = (res: Response) => writeVerified(ports.flash, item.path, stagePath, part, (w) => streamBody(ports, res, w, item, opts.chunk));
    try {
      const bytes = await downloadResumable(ports, client, item, { stagePath, part, chunk: opts.chunk, ...(opts.onResumeDiscarded ? { onDiscarded: opts.onResumeDiscarded } : {}) }, plain);
      return { stagePath, bytes };
    } catch (err) {
      throw asStageError(err, item.path);
    }
  }
  const res = await client.download(item.url, item.path);
  const declared = res.headers.get('content-length');
  // With Content-Encoding (raw.githubusercontent.com gzips text) the length is of the compressed body.
  const encoded = !/^(identity)?$/i.test((res.headers.get('content-encoding') ?? '').trim());
  if (!encoded && declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) !== item.size) {
    res.body?.cancel().catch(() => {});
    throw new OtaError('SIZE_MISMATCH', `size mismatch for ${item.path}: the server sends ${Number(declared)} bytes, expected ${item.size}`, { path: item.path });
  }
  const bytes = await writeVerified(ports.flash, item.path, stagePath, part, (w) => streamBody(ports, res, w, item, opts.chunk));
  return { stagePath, bytes };
}

/** mkdirs, write `part` through `fill`, close, rename; on failure close and remove `part`. */
async function writeVerified(flash: Flash, path: string, stagePath: string, part: string, fill: (w: FlashWriter) => Promise<number>): Promise<number> {
  let writer: FlashWriter | null = null;
  try {
    await mkdirs(flash, parentOf(stagePath));
    writer = await flash.openWrite(part);
    const bytes = await fill(writer);
    const w = writer;
    writer = null;
    await w.close();
    await flash.rename(part, stagePath);
    return bytes;
  } catch (err) {
    await bestEffort(async () => writer?.close());
    await bestEffort(async () => {
      if ((await flash.stat(part)) !== null) await flash.remove(part);
    });
    throw asStageError(err, path);
  }
}

async function streamBody(ports: StagePorts, res: Response, w: FlashWriter, item: StageItem, chunk: number): Promise<number> {
  const blob = item.sha1 === undefined ? null : new BlobSha1(item.size);
  const sha = item.sha256 === undefined ? null : new Sha256();
  const reader = res.body?.getReader();
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array> | undefined;
      try {
        step = await reader?.read();
      } catch (err) {
        if (!isNetworkFailure(err)) throw err;
        throw new OtaError('NETWORK', `connection dropped after ${total} of ${item.size} bytes of ${item.path}: ${describeNetworkFailure(err)}`, { path: item.path, bytes: total });
      }
      if (step === undefined || step.done) break;
      if (total + step.value.length > item.size) {
        throw new OtaError('SIZE_MISMATCH', `size mismatch for ${item.path}: more than the expected ${item.size} bytes`, { path: item.path });
      }
      // Re-chunk: a body chunk may be far larger than the device's write buffer.
      for (let at = 0; at < step.value.length; at += chunk) {
        const piece = step.value.subarray(at, at + chunk);
        blob?.update(piece);
        sha?.update(piece);
        await w.write(piece);
        total += piece.length;
        ports.watchdog.feed();
      }
    }
  } catch (err) {
    reader?.cancel().catch(() => {});
    throw err;
  }
  if (total !== item.size) {
    throw new OtaError('SIZE_MISMATCH', `size mismatch for ${item.path}: got ${total} bytes, expected ${item.size} (connection closed early?)`, { path: item.path, bytes: total });
  }
  verify(item, blob?.hex() ?? null, sha?.hex() ?? null);
  return total;
}

function verify(item: StageItem, blobSha1: string | null, sha256: string | null): void {
  if (item.sha1 !== undefined && blobSha1 !== item.sha1) {
    throw new OtaError('HASH_MISMATCH', `hash mismatch for ${item.path}: expected blob SHA-1 ${item.sha1}, got ${blobSha1}`, { path: item.path, expected: item.sha1, actual: blobSha1 });
  }
  if (item.sha256 !== undefined && sha256 !== item.sha256) {
    throw new OtaError('HASH_MISMATCH', `hash mismatch for ${item.path}: expected SHA-256 ${item.sha256}, got ${sha256}`, { path: item.path, expected: item.sha256, actual: sha256 });
  }
}

/** Cleanup after a failure must not replace the failure (nor a power loss) with its own error. */
async function bestEffort(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch {
    // The original error is what the caller needs to see.
  }
}
