import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFlash } from '../adapters/node-flash.ts';
import { isOtaError } from '../errors.ts';
import { fakeTime } from '../github/test-kit.ts';
import { downloadToStage, type StageItem } from './download-to-stage.ts';
import { RESUME_RECORD, serializeResumeRecord } from './resume-record.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'otalab-resume-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const SIZE = 50_000;
const file = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31 + 7) % 253);
const blobSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const item: StageItem = { path: 'data/big.bin', url: 'https://raw.example/big.bin', size: SIZE, sha1: blobSha1(file) };
const ETAG = '"v1"';

/** A body that ends (or drops) after `upTo` of `bytes`, in 4 KiB pieces. */
function body(bytes: Uint8Array, upTo = bytes.length): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (at >= upTo) return upTo < bytes.length ? c.error(Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } })) : c.close();
        const end = Math.min(at + 4096, upTo);
        c.enqueue(bytes.slice(at, end));
        at = end;
      },
    },
    { highWaterMark: 0 },
  );
}

interface Call {
  headers: Record<string, string>;
}

/** A content host honouring Range/If-Range; `answer` may override the answer to call n. */
function server(opts: { dropAt?: number; answer?: (n: number, h: Record<string, string>) => Response | null } = {}) {
  const calls: Call[] = [];
  const client = {
    async download(_url: string, _path: string, headers: Record<string, string> = {}) {
      calls.push({ headers });
      const n = calls.length;
      const custom = opts.answer?.(n, headers);
      if (custom) return custom;
      const m = /^bytes=(\d+)-$/.exec(headers.Range ?? '');
      if (m && headers['If-Range'] === ETAG) {
        const from = Number(m[1]);
        return new Response(body(file.slice(from)), { status: 206, headers: { etag: ETAG, 'content-range': `bytes ${from}-${SIZE - 1}/${SIZE}`, 'content-length': String(SIZE - from) } });
      }
      const upTo = n === 1 && opts.dropAt !== undefined ? opts.dropAt : SIZE;
      return new Response(body(file, upTo), { status: 200, headers: { etag: ETAG, 'content-length': String(SIZE) } });
    },
  };
  return { client, calls };
}

const ports = () => ({ flash: nodeFlash(root), watchdog: fakeTime().watchdog });
const opts = { stageDir: '.ota_stage', chunk: 4096 };
const staged = () => readFileSync(join(root, '.ota_stage/data/big.bin'));

async function dropThenResume(s: ReturnType<typeof server>) {
  const p = ports();
  const first = await downloadToStage(p, s.client, item, opts).catch((e: unknown) => e);
  expect(isOtaError(first) && first.code).toBe('NETWORK');
  return downloadToStage(p, s.client, item, opts);
}

describe('resumable download (SPEC §13)', () => {
  it('after a drop at 90 %, the retry sends Range and If-Range, appends the 206 and verifies the whole file', async () => {
    const s = server({ dropAt: 45_056 });
    await dropThenResume(s);
    expect(s.calls[1]!.headers).toEqual({ Range: 'bytes=45056-', 'If-Range': ETAG });
    expect(Buffer.compare(staged(), Buffer.from(file))).toBe(0);
    // Nothing left behind once the file is staged.
    expect(existsSync(join(root, '.ota_resume'))).toBe(false);
  });

  it('writes the record in the SPEC format before the first body byte', async () => {
    const s = server({ dropAt: 20_480 });
    await downloadToStage(ports(), s.client, item, opts).catch(() => {});
    const text = readFileSync(join(root, RESUME_RECORD), 'utf8');
    expect(text).toBe(`{"etag": "\\"v1\\"", "format": 1, "path": "data/big.bin", "sha1": "${item.sha1}", "sha256": null, "size": 50000}`);
    expect(text).toBe(serializeResumeRecord({ path: item.path, size: SIZE, sha1: item.sha1!, sha256: null, etag: ETAG }));
  });

  it('a 200 to the resumed request (the file changed, or Range ignored) restarts from byte 0', async () => {
    const s = server({ dropAt: 30_000, answer: (n) => (n === 2 ? new Response(body(file), { status: 200, headers: { etag: '"v2"' } }) : null) });
    await dropThenResume(s);
    expect(Buffer.compare(staged(), Buffer.from(file))).toBe(0);
  });

  it('refuses a 206 whose Content-Range is not the rest of the file and fetches the file whole', async () => {
    const bad = (n: number) => (n === 2 ? new Response(body(file.slice(29_999)), { status: 206, headers: { etag: ETAG, 'content-range': `bytes 29999-${SIZE - 1}/${SIZE}` } }) : null);
    const s = server({ dropAt: 30_000, answer: bad });
    await dropThenResume(s);
    expect(s.calls.map((c) => c.headers.Range ?? null)).toEqual([null, 'bytes=30000-', null]);
    expect(Buffer.compare(staged(), Buffer.from(file))).toBe(0);
  });

  it('a resumed file that does not verify is discarded and fetched whole, once', async () => {
    const wrong = file.slice();
    wrong[SIZE - 1]! ^= 1;
    const corrupt = (n: number) => (n === 2 ? new Response(body(wrong.slice(30_000)), { status: 206, headers: { etag: ETAG, 'content-range': `bytes 30000-${SIZE - 1}/${SIZE}` } }) : null);
    const s = server({ dropAt: 30_000, answer: corrupt });
    const recorded: string[] = [];
    const p = ports();
    await downloadToStage(p, s.client, item, opts).catch(() => {});
    await downloadToStage(p, s.client, item, { ...opts, onResumeDiscarded: async (m) => void recorded.push(m) });
    expect(recorded).toEqual(['resumed download of data/big.bin did not verify; fetching it whole']);
    expect(s.calls.length).toBe(3);
    expect(s.calls[2]!.headers.Range).toBeUndefined();
    expect(Buffer.compare(staged(), Buffer.from(file))).toBe(0);
  });

  it('a whole download that does not verify is a HASH_MISMATCH (no endless refetch)', async () => {
    const wrong = file.slice();
    wrong[0]! ^= 1;
    const s = server({ answer: () => new Response(body(wrong), { status: 200, headers: { etag: ETAG } }) });
    const err = await downloadToStage(ports(), s.client, item, opts).catch((e: unknown) => e);
    expect(isOtaError(err) && err.code).toBe('HASH_MISMATCH');
    expect(s.calls.length).toBe(1);
    expect(existsSync(join(root, '.ota_resume'))).toBe(false);
  });
});
