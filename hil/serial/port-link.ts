/** A local serial port (serialport 13) as a SerialLink. */
import { stat } from 'node:fs';
import { SerialPort, SerialPortMock } from 'serialport';
import { LinkClosedError, LinkTap, type LinkOptions, type SerialLink } from './link.ts';

/** The two stream classes serialport exports share this surface; the mock one drives tests. */
export type PortStream = SerialPort | SerialPortMock;

export async function openPortLink(path: string, options: LinkOptions = {}): Promise<SerialLink> {
  const port = new SerialPort({ path, baudRate: options.baudRate ?? 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(new Error(`${path}: cannot open: ${err.message}`)) : resolve())));
  const link = streamLink(port, path);
  watchPresence(port, path, link.closed);
  return link;
}

/** How often a local port's device node is checked for existence. */
const PRESENCE_POLL_MS = 250;

/**
 * serialport does not always report a hangup: a pty whose other side went away before the first
 * read just reads EOF forever (seen with socat). A vanished device node is proof enough.
 */
function watchPresence(port: SerialPort, path: string, closed: Promise<void>): void {
  const timer = setInterval(() => {
    stat(path, (err) => {
      if (err && port.isOpen) port.close(() => undefined, Object.assign(new Error(`${path} vanished`), { disconnected: true }));
    });
  }, PRESENCE_POLL_MS);
  timer.unref();
  void closed.then(() => clearInterval(timer));
}

/** Wraps an open port stream. Exported so tests can wrap a SerialPortMock they also drive. */
export function streamLink(port: PortStream, url: string): SerialLink {
  const tap = new LinkTap();
  // Flowing mode from here on: the port is always read, whoever listens.
  port.on('data', (chunk: Buffer) => tap.push(new Uint8Array(chunk)));
  port.on('close', (err: (Error & { disconnected?: boolean }) | null) => tap.end(err?.disconnected ? 'port vanished' : 'closed'));
  port.on('error', (err: Error) => {
    tap.end(`error: ${err.message}`);
    if (port.isOpen) port.close(() => undefined);
  });
  if (!port.isOpen) tap.end('not open');

  return {
    url,
    closed: tap.closed,
    onData: (cb) => tap.subscribe(cb),
    write(b: Uint8Array): Promise<void> {
      if (tap.isClosed) return Promise.reject(new LinkClosedError(url, tap.reason));
      return new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(b), (err) => {
          if (err) return reject(new LinkClosedError(url, err.message));
          port.drain((e) => (e ? reject(new LinkClosedError(url, e.message)) : resolve()));
        });
      });
    },
    close(): Promise<void> {
      if (tap.isClosed || !port.isOpen) {
        tap.end('closed');
        return Promise.resolve();
      }
      return new Promise<void>((resolve) =>
        port.close(() => {
          tap.end('closed');
          resolve();
        }),
      );
    },
  };
}
