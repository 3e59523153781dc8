// HttpConn without the interpreter: request assembly across writes, response bytes, body cuts.
import { describe, expect, it } from 'vitest';
import type { SimRequest, SimResponse } from '../github/http-types.ts';
import { Link } from '../link/link.ts';
import type { LinkFault } from '../link/spec.ts';
import { HttpConn, parseRequestHead } from './http-conn.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function conn(answer: SimResponse, faults: LinkFault[] = []) {
  const seen: SimRequest[] = [];
  const link = new Link({ handle: (req) => (seen.push(req), answer) }, { faults, advance: () => {} });
  return { c: new HttpConn(link, 'api.github.com', 443), seen };
}

function readAll(c: HttpConn): { text: string; end: number } {
  let text = '';
  for (;;) {
    const buf = new Uint8Array(7);
    const n = c.read(buf);
    if (n <= 0) return { text, end: n };
    text += dec.decode(buf.subarray(0, n));
  }
}

const OK: SimResponse = { status: 200, headers: { 'content-type': 'text/plain', 'content-length': '999' }, body: enc.encode('hello body') };

describe('HttpConn', () => {
  it('assembles a request written in pieces and exchanges once the head is complete', () => {
    const { c, seen } = conn(OK);
    c.tls = true;
    const first = enc.encode('GET /repos/a/b HTTP/1.1\r\nHost: api.git');
    expect(c.send(first)).toBe(first.length);
    expect(seen).toHaveLength(0);
    expect(c.available(10)).toBeLessThan(0); // nothing to read before the request is complete
    c.send(enc.encode('hub.com\r\nAuthorization: token x\r\n\r\n'));
    expect(seen).toEqual([{ method: 'GET', url: 'https://api.github.com/repos/a/b', headers: { host: 'api.github.com', authorization: 'token x' } }]);
  });

  it('answers status line, the model headers, its own Content-Length and connection: close, then the body', () => {
    const { c } = conn(OK);
    c.send(enc.encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(readAll(c)).toEqual({ text: 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 10\r\nconnection: close\r\n\r\nhello body', end: 0 });
  });

  it('readline lengths stop after each newline', () => {
    const { c } = conn(OK);
    c.send(enc.encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(c.lineLength(1024)).toBe('HTTP/1.1 200 OK\r\n'.length);
    expect(c.lineLength(5)).toBe(5);
  });

  it('HEAD gets the head only', () => {
    const { c } = conn(OK);
    c.send(enc.encode('HEAD / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(readAll(c).text.endsWith('content-length: 999\r\nconnection: close\r\n\r\n')).toBe(true);
  });

  it('waits for a request body announced by Content-Length', () => {
    const { c, seen } = conn(OK);
    c.send(enc.encode('POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab'));
    expect(seen).toHaveLength(0);
    c.send(enc.encode('cd'));
    expect(seen).toHaveLength(1);
  });

  it('one request per connection: writing again after the exchange is ENOTCONN', () => {
    const { c } = conn(OK);
    c.send(enc.encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(c.send(enc.encode('GET / HTTP/1.1\r\n\r\n'))).toBe(-107);
  });

  it('a drop ends the body with ECONNRESET, a truncate with EOF, both after afterBytes', () => {
    const drop = conn(OK, [{ kind: 'drop', afterBytes: 4 }]).c;
    drop.send(enc.encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const d = readAll(drop);
    expect([d.text.endsWith('\r\n\r\nhell'), d.end]).toEqual([true, -104]);
    const trunc = conn(OK, [{ kind: 'truncate', afterBytes: 4 }]).c;
    trunc.send(enc.encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const t = readAll(trunc);
    expect([t.text.endsWith('content-length: 10\r\nconnection: close\r\n\r\nhell'), t.end]).toEqual([true, 0]);
  });

  it('rejects what is not an HTTP/1.x request', () => {
    expect(parseRequestHead('HELLO')).toBeNull();
    expect(parseRequestHead('GET / HTTP/2\r\nHost: x')).toBeNull();
    const { c } = conn(OK);
    expect(c.send(enc.encode('garbage\r\n\r\n'))).toBe(-5);
  });
});
