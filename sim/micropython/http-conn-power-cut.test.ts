// power-cut-at-bytes through the socket shim's connection: the read that hands over the
// afterBytes-th body byte halts the board (nothing past it is handed over), the next socket call
// throws PowerLoss; a connection closed before that spends nothing.
import { describe, expect, it } from 'vitest';
import type { SimResponse } from '../github/http-types.ts';
import { Link } from '../link/link.ts';
import type { LinkFault } from '../link/spec.ts';
import { Power, PowerLoss } from '../power.ts';
import { HttpConn } from './http-conn.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const BODY = 'abcdefghijklmnopqrstuvwxyz';
const OK: SimResponse = { status: 200, headers: { 'content-type': 'text/plain' }, body: enc.encode(BODY) };
const GET = enc.encode('GET /f.bin HTTP/1.1\r\nHost: x\r\n\r\n');

function setup(faults: LinkFault[]) {
  const power = new Power();
  const link = new Link({ handle: () => OK }, { faults, advance: () => {}, alive: () => power.check(), cutPower: () => power.halt('power-cut') });
  const open = () => {
    const c = new HttpConn(link, 'raw.githubusercontent.com', 443);
    c.send(GET);
    return c;
  };
  return { power, link, open };
}

/** Reads in `size`-byte calls until EOF, an errno or PowerLoss: the text and how it ended. */
function readAll(c: HttpConn, size: number): { text: string; end: number | 'power-loss' } {
  let text = '';
  for (;;) {
    const buf = new Uint8Array(size);
    let n: number;
    try {
      n = c.read(buf);
    } catch (err) {
      if (err instanceof PowerLoss) return { text, end: 'power-loss' };
      throw err;
    }
    if (n <= 0) return { text, end: n };
    text += dec.decode(buf.subarray(0, n));
  }
}

const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

describe('power-cut-at-bytes (socket shim)', () => {
  it.each([[0, 7], [10, 7], [10, 1000], [25, 3]])('after %i body bytes (reads of %i) the board is down and got exactly those bytes', (afterBytes, size) => {
    const { power, link, open } = setup([{ kind: 'power-cut-at-bytes', afterBytes, urlIncludes: 'f.bin' }]);
    const r = readAll(open(), size);
    expect(r.end).toBe('power-loss');
    expect(bodyOf(r.text)).toBe(BODY.slice(0, afterBytes));
    expect(power.halted).toBe('power-cut');
    expect(link.unfired()).toEqual([]);
  });

  it('a body not longer than afterBytes is not cut; a connection left unread spends nothing', () => {
    const fault: LinkFault = { kind: 'power-cut-at-bytes', afterBytes: 26 };
    const { power, link, open } = setup([fault]);
    expect(bodyOf(readAll(open(), 8).text)).toBe(BODY);
    const shorter = setup([{ kind: 'power-cut-at-bytes', afterBytes: 12 }]);
    const c = shorter.open();
    c.read(new Uint8Array(4)); // the head's first bytes, then the device closes the socket
    expect(shorter.power.halted).toBeNull();
    expect(shorter.link.unfired()).toHaveLength(1);
    expect(bodyOf(readAll(shorter.open(), 8).text)).toBe(BODY.slice(0, 12));
    expect(shorter.power.halted).toBe('power-cut');
    expect(power.halted).toBeNull();
    expect(link.unfired()).toEqual([fault]);
  });
});
