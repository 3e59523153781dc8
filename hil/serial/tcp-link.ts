/** A raw TCP socket as a SerialLink (ser2net `raw`/socat TCP-LISTEN on the far end). */
import { connect, type Socket } from 'node:net';
import { LinkClosedError, LinkTap, type SerialLink } from './link.ts';

export function parseHostPort(url: string, scheme: string): { host: string; port: number } {
  const m = new RegExp(`^${scheme}://(\\[[^\\]]+\\]|[^:/]+):(\\d+)/?$`).exec(url);
  if (!m) throw new Error(`${url}: expected ${scheme}://host:port`);
  const port = Number(m[2]);
  if (!(port > 0 && port < 65536)) throw new Error(`${url}: port out of range`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Connects with a bounded wait: a dead terminal server must not hang the run. */
export function connectSocket(host: string, port: number, timeoutMs: number, url: string): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${url}: connect timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${url}: cannot connect: ${err.message}`));
    });
  });
}

/** Shared write/close over a socket whose incoming bytes are fed to `tap` by the caller. */
export function socketLink(url: string, socket: Socket, tap: LinkTap, encode: (b: Uint8Array) => Uint8Array): SerialLink {
  socket.on('close', () => tap.end('socket closed'));
  socket.on('error', (err) => tap.end(`error: ${err.message}`));
  return {
    url,
    closed: tap.closed,
    onData: (cb) => tap.subscribe(cb),
    write(b: Uint8Array): Promise<void> {
      if (tap.isClosed || socket.destroyed) return Promise.reject(new LinkClosedError(url, tap.reason));
      return new Promise<void>((resolve, reject) => socket.write(encode(b), (err) => (err ? reject(new LinkClosedError(url, err.message)) : resolve())));
    },
    close(): Promise<void> {
      if (socket.destroyed) return tap.closed;
      socket.end();
      // A peer that never answers FIN must not hold close() open.
      const hard = setTimeout(() => socket.destroy(), 500);
      return tap.closed.then(() => clearTimeout(hard));
    },
  };
}

export async function openTcpLink(url: string, options: { connectTimeoutMs?: number } = {}): Promise<SerialLink> {
  const { host, port } = parseHostPort(url, 'tcp');
  const socket = await connectSocket(host, port, options.connectTimeoutMs ?? 5000, url);
  const tap = new LinkTap();
  socket.on('data', (chunk: Buffer) => tap.push(new Uint8Array(chunk)));
  return socketLink(url, socket, tap, (b) => b);
}
