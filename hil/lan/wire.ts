/**
 * Putting one answer on a real socket the way the sim link's exchange says: the head, then the body
 * in chunks (paced by the link's bandwidth), cut short when the exchange carries a cut:
 * `truncate` ends with FIN after `afterBytes` body bytes (Content-Length still the full size),
 * `drop` ends with RST after them. An RST can discard bytes the peer has not read yet, so a drop
 * waits a moment after its bytes left before resetting. A byte-keyed power cut stops after
 * `afterBytes` body bytes were written to the socket and asks for the cut (`powerCut.cut`); once
 * the board is down the socket is destroyed (nobody is left to read it).
 */
import type { ServerResponse } from 'node:http';
import type { SimResponse } from '../../sim/github/http-types.ts';
import type { BodyCut } from '../../sim/link/link.ts';
import { CHUNK_BYTES } from '../../sim/link/web-response.ts';

/** How long a drop lets its last bytes travel before the RST (on a LAN a few ms suffice). */
export const DROP_LINGER_MS = 30;

/** Statuses that carry no body whatever the headers say. */
const NULL_BODY = new Set([101, 204, 205, 304]);

export type WireEnd = 'complete' | 'truncated' | 'dropped' | 'client-closed' | 'power-cut';

export interface WireResult {
  /** Body bytes handed to the socket. */
  sentBytes: number;
  end: WireEnd;
}

export interface WireOptions {
  head: boolean;
  cut?: BodyCut;
  /** Milliseconds to wait before sending `bytes` more (bandwidth); 0 for none. */
  pace: (bytes: number) => number;
  /** Resolves true after `ms`, false as soon as the socket closed (or the LAN is closing). */
  hold: (ms: number) => Promise<boolean>;
  /**
   * power-cut-at-bytes armed on this body: after `afterBytes` body bytes went out, `cut()` cuts
   * the board's power, resolving true once that is done, or false when the fault was already spent
   * (the body then goes on).
   */
  powerCut?: { afterBytes: number; cut: () => Promise<boolean> };
}

function write(res: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.socket === null || res.socket.destroyed) return resolve(false);
    res.write(chunk, (err) => resolve(!err));
  });
}

export async function writeResponse(res: ServerResponse, r: SimResponse, opts: WireOptions): Promise<WireResult> {
  const socket = res.socket;
  if (socket === null || socket.destroyed) return { sentBytes: 0, end: 'client-closed' };
  res.sendDate = false; // the model's Date header (API) or none (raw), as the sim serves
  res.writeHead(r.status, r.headers);
  if (opts.head || NULL_BODY.has(r.status)) {
    res.end();
    return { sentBytes: 0, end: 'complete' };
  }
  const body = r.body;
  const cut = opts.cut && opts.cut.afterBytes < body.length ? opts.cut : undefined;
  const stop = cut ? cut.afterBytes : body.length;
  let powerCut = opts.powerCut && opts.powerCut.afterBytes < stop ? opts.powerCut : undefined;
  let sent = 0;
  if (stop === 0 || powerCut?.afterBytes === 0) res.flushHeaders(); // the head goes out even when no body byte will
  for (;;) {
    if (powerCut && sent === powerCut.afterBytes) {
      // Every byte so far was handed to the kernel (write's callback): the board has them or is
      // about to; it must not get one more before the power is gone.
      if (await powerCut.cut()) {
        if (!socket.destroyed) socket.destroy();
        return { sentBytes: sent, end: 'power-cut' };
      }
      powerCut = undefined;
    }
    if (sent >= stop) break;
    const n = Math.min(CHUNK_BYTES, stop - sent, powerCut ? powerCut.afterBytes - sent : Infinity);
    const wait = opts.pace(n);
    if (wait > 0 && !(await opts.hold(wait))) return { sentBytes: sent, end: 'client-closed' };
    if (!(await write(res, body.subarray(sent, sent + n)))) return { sentBytes: sent, end: 'client-closed' };
    sent += n;
  }
  if (!cut) {
    await new Promise<void>((resolve) => res.end(resolve));
    return { sentBytes: sent, end: 'complete' };
  }
  if (cut.mode === 'truncate') {
    socket.end(); // FIN once the written bytes are out: the body just stops
    return { sentBytes: sent, end: 'truncated' };
  }
  // Let the head and the bytes arrive before the reset (an RST may discard unread data).
  await opts.hold(DROP_LINGER_MS);
  if (!socket.destroyed) socket.resetAndDestroy();
  return { sentBytes: sent, end: 'dropped' };
}
