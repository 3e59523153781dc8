// socket + ssl shims against the fake GitHub over the Link: a round trip, and each link fault as
// the device's socket shows it (see http-conn.ts for the mapping).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fileBytes } from '../github/files.ts';
import type { LinkFault, LinkSpec } from '../link/spec.ts';
import { bootOnce, testBoard } from './test-kit.ts';

const BIG = fileBytes({ random: 10000, seed: 7 }); // big.bin of acme/fw at tag v2 (sampleSpec)
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// Fetches one URL with a device-style client and prints: status line | content-length | body
// bytes | sha256 | how it ended ('eof' or 'err <errno> at <step>').
const CLIENT = (path: string, timeoutS: number | null) => `
import socket, ssl, hashlib, binascii
step = 'resolve'
status, length, body = b'', None, bytearray()
try:
    ai = socket.getaddrinfo('raw.githubusercontent.com', 443)[0][-1]
    s = socket.socket()
    ${timeoutS === null ? '' : `s.settimeout(${timeoutS})`}
    step = 'connect'
    s.connect(ai)
    s = ssl.wrap_socket(s, server_hostname='raw.githubusercontent.com')
    step = 'write'
    s.write(b'GET ${path} HTTP/1.1\\r\\nHost: raw.githubusercontent.com\\r\\nUser-Agent: t\\r\\n\\r\\n')
    step = 'status'
    status = s.readline().strip()
    step = 'headers'
    while True:
        line = s.readline()
        if line == b'\\r\\n':
            break
        k, v = line.decode().split(':', 1)
        if k.lower() == 'content-length':
            length = int(v)
    step = 'body'
    buf = bytearray(1000)
    while True:
        n = s.readinto(buf)
        if n == 0:
            break
        body.extend(buf[:n])
    end = 'eof'
    s.close()
except OSError as e:
    end = 'err %d at %s' % (e.args[0], step)
print('|'.join((status.decode(), str(length), str(len(body)), binascii.hexlify(hashlib.sha256(body).digest()).decode(), end)))
`;

async function fetchBig(faults: LinkFault[] = [], opts: { timeoutS?: number; link?: LinkSpec; path?: string } = {}) {
  const board = testBoard({ 'boot.py': CLIENT(opts.path ?? '/acme/fw/v2/big.bin', opts.timeoutS ?? null) }, { linkFaults: faults, link: opts.link });
  const r = await bootOnce(board);
  expect(r.stopped).toBeNull();
  expect(r.lines).toHaveLength(1);
  const [status, length, got, hash, end] = r.lines[0]!.split('|');
  return { board, status, length, got: Number(got), hash, end };
}

describe('socket shim over the link', () => {
  it('serves an HTTP/1.1 response with the exact body bytes and records the https request', async () => {
    const r = await fetchBig();
    expect([r.status, r.length, r.got, r.hash, r.end]).toEqual(['HTTP/1.1 200 OK', '10000', 10000, sha256(BIG), 'eof']);
    expect(r.board.github.log.map((q) => `${q.method} ${q.url} ${q.status}`)).toEqual(['GET https://raw.githubusercontent.com/acme/fw/v2/big.bin 200']);
  });

  it('drop: ECONNRESET after exactly afterBytes body bytes', async () => {
    const r = await fetchBig([{ kind: 'drop', afterBytes: 3000 }]);
    expect([r.length, r.got, r.hash, r.end]).toEqual(['10000', 3000, sha256(BIG.subarray(0, 3000)), 'err 104 at body']);
  });

  it('truncate: a clean EOF after afterBytes while Content-Length still says the full size', async () => {
    const r = await fetchBig([{ kind: 'truncate', afterBytes: 2500 }]);
    expect([r.length, r.got, r.end]).toEqual(['10000', 2500, 'eof']);
  });

  it('reset: ECONNRESET before any response byte', async () => {
    const r = await fetchBig([{ kind: 'reset' }]);
    expect([r.status, r.got, r.end]).toEqual(['', 0, 'err 104 at status']);
  });

  it('dns: OSError(-2) from the write that completes the request', async () => {
    const r = await fetchBig([{ kind: 'dns' }]);
    expect(r.end).toBe('err -2 at write');
  });

  it('a stall longer than the socket timeout: ETIMEDOUT after the clock advanced by the timeout', async () => {
    const r = await fetchBig([{ kind: 'stall', delayMs: 30_000 }], { timeoutS: 2 });
    expect(r.end).toBe('err 110 at status');
    expect(r.board.clock.elapsedUs).toBe(2_000_000);
  });

  it('a shorter stall only delays the answer', async () => {
    const r = await fetchBig([{ kind: 'stall', delayMs: 1500 }], { timeoutS: 2 });
    expect([r.got, r.end]).toEqual([10000, 'eof']);
    expect(r.board.clock.elapsedUs).toBe(1_500_000);
  });

  it('a substituted status reaches the status line; the fake GitHub never sees the request', async () => {
    const r = await fetchBig([{ kind: 'status', status: 503 }]);
    expect(r.status).toBe('HTTP/1.1 503 Service Unavailable');
    expect(r.board.github.log).toEqual([]);
  });

  it('body bytes cost link time as they are handed over (bandwidth)', async () => {
    const r = await fetchBig([], { link: { bandwidthBytesPerS: 10_000 } });
    expect(r.got).toBe(10000);
    expect(r.board.clock.elapsedUs).toBe(1_000_000);
  });

  it('a 404 is an ordinary response with its body', async () => {
    const r = await fetchBig([], { path: '/acme/fw/v2/nope.py' });
    expect([r.status, r.end]).toEqual(['HTTP/1.1 404 Not Found', 'eof']);
    expect(r.got).toBe(Number(r.length));
  });
});
