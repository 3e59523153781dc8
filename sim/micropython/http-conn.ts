/**
 * One TCP connection of the socket shim, speaking HTTP/1.1 to the fake GitHub through the Link.
 * The device writes a request; when its head is complete (and any Content-Length body has
 * arrived) the connection makes one `link.exchange` and then serves
 * `HTTP/1.1 <status> <reason>\r\n<headers>\r\n\r\n<body>` with Content-Length and
 * `connection: close`, charging bandwidth as body bytes are handed over.
 *
 * Fault model (the Link's, turned into what a socket shows): `dns` → OSError(-2) from the write
 * that completes the request (the link decides faults per request, so it cannot be known at
 * getaddrinfo); `reset` → ECONNRESET on the first read; a stall past the socket timeout →
 * ETIMEDOUT on the first read, after the clock advanced by the timeout; `drop` → ECONNRESET after
 * `afterBytes` body bytes; `truncate` → a clean EOF after `afterBytes` body bytes (Content-Length
 * still the full size); `power-cut-at-bytes` → the read that hands over the `afterBytes`-th body
 * byte halts the board, and the next socket call throws PowerLoss. One request per connection
 * (`connection: close`).
 */
import type { SimResponse } from '../github/http-types.ts';
import type { BodyCut, Exchange, Link, PowerCutAt } from '../link/link.ts';
import { ERRNO, SOCKET_DNS_FAILED } from './errno.ts';

const HEAD_END = new Uint8Array([13, 10, 13, 10]);
const HEAD_MAX_BYTES = 16 * 1024;
const NULL_BODY = new Set([101, 204, 205, 304]);
const REASONS: Record<number, string> = {
  200: 'OK', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export interface ParsedRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  bodyBytes: number;
}

/** Parses a request head (without the blank line); null if it is not HTTP/1.x. */
export function parseRequestHead(head: string): ParsedRequest | null {
  const [line, ...rest] = head.split('\r\n');
  const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(line ?? '');
  if (!m) return null;
  const headers: Record<string, string> = {};
  for (const h of rest) {
    const colon = h.indexOf(':');
    if (colon <= 0) return null;
    headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  const bodyBytes = Number(headers['content-length'] ?? '0');
  return { method: m[1]!, target: m[2]!, headers, bodyBytes: Number.isInteger(bodyBytes) && bodyBytes > 0 ? bodyBytes : 0 };
}

export function responseHead(res: SimResponse, method: string): Uint8Array {
  const lines = [`HTTP/1.1 ${res.status} ${REASONS[res.status] ?? 'Status'}`];
  for (const [k, v] of Object.entries(res.headers)) if (k !== 'content-length' && k !== 'connection' && k !== 'transfer-encoding') lines.push(`${k}: ${v}`);
  const noBody = NULL_BODY.has(res.status) || method === 'HEAD';
  lines.push(`content-length: ${noBody ? (res.headers['content-length'] ?? '0') : res.body.length}`, 'connection: close');
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n\r\n`);
}

type State =
  | { kind: 'sending' }
  /** `result`: what every later call answers (a `-errno`, or SOCKET_DNS_FAILED). */
  | { kind: 'failed'; result: number }
  | { kind: 'serving'; head: Uint8Array; body: Uint8Array; end: number; cut: BodyCut | undefined; pos: number; powerCut: PowerCutAt | undefined; landed: boolean };

export class HttpConn {
  /** Socket timeout in ms (settimeout), or null for blocking forever. */
  timeoutMs: number | null = null;
  tls = false;
  #sent: Uint8Array[] = [];
  #sentBytes = 0;
  #state: State = { kind: 'sending' };

  constructor(
    private readonly link: Link,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Takes request bytes; returns how many were taken or `-errno`. Makes the exchange once the request is complete. */
  send(chunk: Uint8Array): number {
    if (this.#state.kind !== 'sending') return this.#state.kind === 'failed' ? this.#state.result : -ERRNO.ENOTCONN;
    this.#sent.push(chunk.slice());
    this.#sentBytes += chunk.length;
    const all = concat(this.#sent, this.#sentBytes);
    const end = indexOf(all, HEAD_END);
    if (end < 0) return this.#sentBytes > HEAD_MAX_BYTES ? this.#fail(ERRNO.EIO) : chunk.length;
    const req = parseRequestHead(new TextDecoder('latin1').decode(all.subarray(0, end)));
    if (req === null) return this.#fail(ERRNO.EIO);
    if (all.length - end - 4 < req.bodyBytes) return chunk.length;
    const ex = this.link.exchange({
      method: req.method,
      url: this.#url(req),
      headers: req.headers,
      ...(this.timeoutMs !== null ? { timeoutMs: this.timeoutMs } : {}),
    });
    const after = this.#serve(ex, req.method);
    // DNS/TLS fails the write that completes the request; other failures show on the first read.
    return after.kind === 'failed' && after.result === SOCKET_DNS_FAILED ? SOCKET_DNS_FAILED : chunk.length;
  }

  /** Bytes the next read of up to `max` would hand over (0 at EOF), or `-errno`. No side effect. */
  available(max: number): number {
    const s = this.#state;
    if (s.kind === 'sending') return -ERRNO.ENOTCONN;
    if (s.kind === 'failed') return s.result;
    if (s.landed) this.link.alive(); // the board lost power at this body's byte cut
    // Nothing past an armed byte cut is handed over before it lands.
    const stop = s.powerCut ? s.head.length + s.powerCut.afterBytes : s.head.length + s.end;
    const left = stop - s.pos;
    if (left === 0 && s.cut?.mode === 'drop') return -ERRNO.ECONNRESET;
    return Math.min(max, left);
  }

  /** Bytes up to and including the next '\n' within `max` (for readline), or `available(max)`. */
  lineLength(max: number): number {
    const n = this.available(max);
    if (n <= 0) return n;
    for (let i = 0; i < n; i++) if (this.#byteAt(i) === 10) return i + 1;
    return n;
  }

  /** Hands over up to `into.length` bytes (0 at EOF) or `-errno`; body bytes cost link time. */
  read(into: Uint8Array): number {
    const n = this.available(into.length);
    if (n <= 0) return n;
    const s = this.#state as Extract<State, { kind: 'serving' }>;
    let done = 0;
    if (s.pos < s.head.length) {
      const k = Math.min(n, s.head.length - s.pos);
      into.set(s.head.subarray(s.pos, s.pos + k));
      s.pos += k;
      done = k;
    }
    if (done < n) {
      const from = s.pos - s.head.length;
      const k = n - done;
      into.set(s.body.subarray(from, from + k), done);
      s.pos += k;
      this.link.deliver(k);
    }
    if (s.powerCut && !s.landed && s.pos === s.head.length + s.powerCut.afterBytes) {
      if (s.powerCut.land()) s.landed = true;
      else s.powerCut = undefined; // spent on another body: this one goes on
    }
    return n;
  }

  #byteAt(i: number): number {
    const s = this.#state as Extract<State, { kind: 'serving' }>;
    const at = s.pos + i;
    return at < s.head.length ? s.head[at]! : s.body[at - s.head.length]!;
  }

  #url(req: ParsedRequest): string {
    if (/^https?:\/\//.test(req.target)) return req.target;
    const scheme = this.tls ? 'https' : 'http';
    const host = req.headers.host ?? (this.port === (this.tls ? 443 : 80) ? this.host : `${this.host}:${this.port}`);
    return `${scheme}://${host}${req.target}`;
  }

  #serve(ex: Exchange, method: string): State {
    if ('error' in ex) {
      return (this.#state = { kind: 'failed', result: ex.error === 'dns' ? SOCKET_DNS_FAILED : ex.error === 'reset' ? -ERRNO.ECONNRESET : -ERRNO.ETIMEDOUT });
    }
    const res = ex.response;
    const body = NULL_BODY.has(res.status) || method === 'HEAD' ? new Uint8Array(0) : res.body;
    const end = ex.bodyCut ? Math.min(ex.bodyCut.afterBytes, body.length) : body.length;
    const powerCut = ex.powerCut && ex.powerCut.afterBytes < end ? ex.powerCut : undefined;
    return (this.#state = { kind: 'serving', head: responseHead(res, method), body, end, cut: ex.bodyCut, pos: 0, powerCut, landed: false });
  }

  #fail(errno: number): number {
    this.#state = { kind: 'failed', result: -errno };
    return -errno;
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
