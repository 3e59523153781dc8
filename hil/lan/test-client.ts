/**
 * A bare HTTP/1.1 client on node:net for the LAN tests: it reports exactly which bytes arrived and
 * how the connection ended (FIN, RST, or still open when the test gave up), which fetch hides.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  status: number | null;
  headers: Record<string, string>;
  body: Buffer;
  /** Every byte received, head included. */
  raw: Buffer;
  end: 'fin' | 'rst' | 'gave-up';
  /** Milliseconds from sending the request to the first byte (null: none came). */
  firstByteMs: number | null;
}

export function rawGet(url: string, opts: { headers?: Record<string, string>; giveUpMs?: number; method?: string } = {}): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let firstByteMs: number | null = null;
    const t0 = performance.now();
    const socket = connect(Number(u.port), u.hostname);
    const extra = Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`${opts.method ?? 'GET'} ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: close\r\n${extra}\r\n`);
    let settled = false;
    const finish = (end: RawAnswer['end']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks), end, firstByteMs));
    };
    const timer = setTimeout(() => finish('gave-up'), opts.giveUpMs ?? 5000);
    socket.on('data', (b) => {
      if (firstByteMs === null) firstByteMs = performance.now() - t0;
      chunks.push(b);
    });
    socket.on('end', () => finish('fin'));
    socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNRESET' ? 'rst' : 'gave-up'));
  });
}

function parse(raw: Buffer, end: RawAnswer['end'], firstByteMs: number | null): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: null, headers: {}, body: Buffer.alloc(0), raw, end, firstByteMs };
  const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.subarray(split + 4), raw, end, firstByteMs };
}
