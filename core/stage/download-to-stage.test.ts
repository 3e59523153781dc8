import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFlash } from '../adapters/node-flash.ts';
import { nodeHttp } from '../adapters/node-http.ts';
import { isOtaError, type OtaError } from '../errors.ts';
import { GitHubClient } from '../github/index.ts';
import { RAW, fakeTime, recordingLog, testConfig } from '../github/test-kit.ts';
import { FlashError, type Flash } from '../ports/flash.ts';
import { DeviceStopped } from '../ports/system.ts';
import { downloadToStage, type StageItem } from './download-to-stage.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'otalab-stage-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const content = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) % 251);
const blobSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A body delivering `chunks`, then failing with `error` (a dropped connection) if given. */
function body(chunks: Uint8Array[], error?: Error): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks[i++];
      if (next !== undefined) c.enqueue(next);
      else if (error) c.error(error);
      else c.close();
    },
  }, { highWaterMark: 0 });
}

function clientServing(make: () => Response) {
  let calls = 0;
  return { client: { download: async () => (calls++, make()) }, calls: () => calls };
}

/** nodeFlash on the temp dir, recording every write's length. */
function recordingFlash(fail?: (path: string) => Error | null): { flash: Flash; writes: number[] } {
  const inner = nodeFlash(root);
  const writes: number[] = [];
  const flash: Flash = {
    ...inner,
    async openWrite(path) {
      const w = await inner.openWrite(path);
      return {
        async write(chunk) {
          const err = fail?.(path);
          if (err) throw err;
          writes.push(chunk.length);
          await w.write(chunk);
        },
        close: () => w.close(),
      };
    },
  };
  return { flash, writes };
}

function ports(flash: Flash) {
  const time = fakeTime();
  return { flash, watchdog: time.watchdog, feeds: time.feeds };
}

const item = (over: Partial<StageItem> = {}): StageItem => ({ path: 'lib/app.bin', url: `${RAW}/acme/widget/c/lib/app.bin`, size: content.length, sha1: blobSha1(content), ...over });

async function failure(p: Promise<unknown>): Promise<OtaError> {
  try {
    await p;
  } catch (err) {
    if (isOtaError(err)) return err;
    throw err;
  }
  throw new Error('expected an OtaError, got success');
}

const stageFiles = () => (existsSync(join(root, '.ota_stage')) ? readdirSync(join(root, '.ota_stage'), { recursive: true }).map(String).sort() : []);

describe('downloadToStage', () => {
  it('streams a verified file into the stage in writes of at most `chunk` bytes', async () => {
    const { flash, writes } = recordingFlash();
    const p = ports(flash);
    const { client } = clientServing(() => new Response(body([content.subarray(0, 2500), content.subarray(2500)])));
    const staged = await downloadToStage(p, client, item({ sha256: sha256(content) }), { stageDir: '.ota_stage', chunk: 256 });
    expect(staged).toEqual({ stagePath: '.ota_stage/lib/app.bin', bytes: 3000 });
    expect(new Uint8Array(readFileSync(join(root, '.ota_stage/lib/app.bin')))).toEqual(content);
    expect(stageFiles()).toEqual(['lib', 'lib/app.bin']);
    expect(Math.max(...writes)).toBe(256);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(writes).toHaveLength(Math.ceil(2500 / 256) + Math.ceil(500 / 256));
    expect(p.feeds()).toBeGreaterThanOrEqual(writes.length);
  });

  it('verifies across many tiny body chunks (test_verify, chunk 4)', async () => {
    const data = new TextEncoder().encode('print("hello")\n');
    const pieces = Array.from({ length: Math.ceil(data.length / 3) }, (_, i) => data.subarray(i * 3, i * 3 + 3));
    const { client } = clientServing(() => new Response(body(pieces)));
    await downloadToStage(ports(nodeFlash(root)), client, { path: 'main.py', url: 'u', size: data.length, sha1: blobSha1(data) }, { stageDir: '.ota_stage', chunk: 4 });
    expect(readFileSync(join(root, '.ota_stage/main.py'), 'utf8')).toBe('print("hello")\n');
  });

  it('leaves no file when the blob SHA-1 does not match, naming path and both hashes', async () => {
    const { client } = clientServing(() => new Response(body([content])));
    const wrong = '0'.repeat(40);
    const err = await failure(downloadToStage(ports(nodeFlash(root)), client, item({ sha1: wrong }), { stageDir: '.ota_stage', chunk: 512 }));
    expect(err.code).toBe('HASH_MISMATCH');
    expect(err.message).toBe(`hash mismatch for lib/app.bin: expected blob SHA-1 ${wrong}, got ${blobSha1(content)}`);
    expect(stageFiles()).toEqual(['lib']);
  });

  it('checks SHA-256 too when given', async () => {
    const { client } = clientServing(() => new Response(body([content])));
    const err = await failure(downloadToStage(ports(nodeFlash(root)), client, item({ sha256: 'f'.repeat(64) }), { stageDir: '.ota_stage', chunk: 512 }));
    expect(err.code).toBe('HASH_MISMATCH');
    expect(err.message).toMatch(/expected SHA-256 f{64}, got [0-9a-f]{64}$/);
    expect(stageFiles()).toEqual(['lib']);
  });

  it('leaves no file when the connection drops mid-body', async () => {
    const { client } = clientServing(() => new Response(body([content.subarray(0, 1000)], new TypeError('terminated'))));
    const err = await failure(downloadToStage(ports(nodeFlash(root)), client, item(), { stageDir: '.ota_stage', chunk: 256 }));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toMatch(/^connection dropped after 1000 of 3000 bytes of lib\/app.bin: terminated/);
    expect(stageFiles()).toEqual(['lib']);
  });

  it('refuses a body shorter or longer than expected', async () => {
    const short = clientServing(() => new Response(body([content.subarray(0, 2999)])));
    expect((await failure(downloadToStage(ports(nodeFlash(root)), short.client, item(), { stageDir: '.ota_stage', chunk: 256 }))).message).toBe(
      'size mismatch for lib/app.bin: got 2999 bytes, expected 3000 (connection closed early?)',
    );
    const long = clientServing(() => new Response(body([content, new Uint8Array(1)])));
    expect((await failure(downloadToStage(ports(nodeFlash(root)), long.client, item(), { stageDir: '.ota_stage', chunk: 256 }))).code).toBe('SIZE_MISMATCH');
    expect(stageFiles()).toEqual(['lib']);
  });

  it('refuses a wrong Content-Length before touching flash', async () => {
    const { client } = clientServing(() => new Response(body([content]), { headers: { 'content-length': '12' } }));
    const err = await failure(downloadToStage(ports(nodeFlash(root)), client, item(), { stageDir: '.ota_stage', chunk: 256 }));
    expect(err.code).toBe('SIZE_MISMATCH');
    expect(stageFiles()).toEqual([]);
  });

  it('creates an empty file without a request, if the expected hash is the empty blob', async () => {
    const { client, calls } = clientServing(() => new Response('x'));
    const e = { path: 'pkg/__init__.py', url: 'u', size: 0, sha1: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391' };
    await downloadToStage(ports(nodeFlash(root)), client, e, { stageDir: '.ota_stage', chunk: 256 });
    expect(readFileSync(join(root, '.ota_stage/pkg/__init__.py')).length).toBe(0);
    const err = await failure(downloadToStage(ports(nodeFlash(root)), client, { ...e, path: 'x.py', sha1: 'a'.repeat(40) }, { stageDir: '.ota_stage', chunk: 256 }));
    expect(err.code).toBe('HASH_MISMATCH');
    expect(calls()).toBe(0);
    expect(stageFiles()).toEqual(['pkg', 'pkg/__init__.py']);
  });

  it('reports a full flash as NO_SPACE and removes the .part', async () => {
    let n = 0;
    const { flash } = recordingFlash((path) => (++n > 3 ? new FlashError('ENOSPC', 'write', path) : null));
    const { client } = clientServing(() => new Response(body([content])));
    const err = await failure(downloadToStage(ports(flash), client, item(), { stageDir: '.ota_stage', chunk: 256 }));
    expect(err.code).toBe('NO_SPACE');
    expect(stageFiles()).toEqual(['lib']);
  });

  it('lets a power loss through untouched (not a network error)', async () => {
    const powerLoss = new (class PowerLoss extends DeviceStopped {})('Power lost: power-cut');
    const { flash } = recordingFlash(() => powerLoss);
    const { client } = clientServing(() => new Response(body([content])));
    await expect(downloadToStage(ports(flash), client, item(), { stageDir: '.ota_stage', chunk: 256 })).rejects.toBe(powerLoss);
  });

  it('refuses a path that fails the path rules', async () => {
    const { client, calls } = clientServing(() => new Response('x'));
    expect((await failure(downloadToStage(ports(nodeFlash(root)), client, item({ path: '../evil.py' }), { stageDir: '.ota_stage', chunk: 256 }))).code).toBe('PATH_REJECTED');
    expect(calls()).toBe(0);
  });
});

describe('downloadToStage over HTTP', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('checks the status before a byte reaches flash', async () => {
    server.use(http.get(`${RAW}/acme/widget/c/lib/app.bin`, () => HttpResponse.text('404: Not Found', { status: 404 })));
    const time = fakeTime();
    const client = new GitHubClient({ http: nodeHttp(), clock: time.clock, watchdog: time.watchdog, log: recordingLog() }, testConfig());
    const err = await failure(downloadToStage({ flash: nodeFlash(root), watchdog: time.watchdog }, client, item(), { stageDir: '.ota_stage', chunk: 256 }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/^lib\/app.bin not found at https:\/\/raw/);
    expect(stageFiles()).toEqual([]);
  });

  it('never hands a non-2xx body to the file writer, even one of exactly the expected size', async () => {
    // An error page as long as the file, with an honest Content-Length: only the status tells it
    // apart before a byte is written (the hash check would catch it later, on flash already worn).
    const page = new TextEncoder().encode('<!DOCTYPE html><title>500</title>'.padEnd(content.length, ' '));
    for (const status of [500, 404]) {
      let calls = 0;
      server.use(http.get(`${RAW}/acme/widget/c/lib/app.bin`, () => (calls++ === 0
        ? new HttpResponse(page, { status, headers: { 'content-type': 'text/html', 'content-length': String(page.length) } })
        : new HttpResponse(content, { headers: { 'content-type': 'application/octet-stream' } }))));
      const time = fakeTime();
      const client = new GitHubClient({ http: nodeHttp(), clock: time.clock, watchdog: time.watchdog, log: recordingLog() }, testConfig());
      const inner = nodeFlash(root);
      const written: Uint8Array[] = [];
      const flash: Flash = {
        ...inner,
        async openWrite(path) {
          const w = await inner.openWrite(path);
          return { write: async (chunk) => (written.push(chunk.slice()), w.write(chunk)), close: () => w.close() };
        },
      };
      const run = downloadToStage({ flash, watchdog: time.watchdog }, client, item(), { stageDir: '.ota_stage', chunk: 1024 });
      if (status === 404) expect((await failure(run)).code).toBe('NOT_FOUND');
      else await run;
      const seen = Buffer.concat(written);
      expect(seen.includes(Buffer.from('<!DOCTYPE html>')), `HTTP ${status}: error page bytes reached flash`).toBe(false);
      expect(seen.length).toBe(status === 404 ? 0 : content.length);
      server.resetHandlers();
      await rm(join(root, '.ota_stage'), { recursive: true, force: true });
    }
  });

  it('downloads a real response body end to end', async () => {
    server.use(http.get(`${RAW}/acme/widget/c/lib/app.bin`, () => new HttpResponse(content, { headers: { 'content-type': 'application/octet-stream' } })));
    const time = fakeTime();
    const client = new GitHubClient({ http: nodeHttp(), clock: time.clock, watchdog: time.watchdog, log: recordingLog() }, testConfig());
    await downloadToStage({ flash: nodeFlash(root), watchdog: time.watchdog }, client, item(), { stageDir: '.ota_stage', chunk: 1024 });
    expect(new Uint8Array(readFileSync(join(root, '.ota_stage/lib/app.bin')))).toEqual(content);
  });
});
