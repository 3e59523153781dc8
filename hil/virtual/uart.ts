/**
 * The board's UART0 wired to a USB-UART adapter on the lab host: a TCP server on 127.0.0.1 that
 * sends every byte the board writes. Bytes written while no reader is connected are kept and
 * sent to the next reader (the adapter sees everything, also during boot.py while USB is down).
 */
import { createServer, type Server, type Socket } from 'node:net';

export class UartChannel {
  readonly #server: Server;
  readonly #readers = new Set<Socket>();
  #backlog: Uint8Array[] = [];

  constructor() {
    this.#server = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.on('close', () => this.#readers.delete(sock));
      for (const b of this.#backlog) sock.write(b);
      this.#backlog = [];
      this.#readers.add(sock);
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        const addr = this.#server.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : 0);
      });
    });
  }

  write(bytes: Uint8Array): void {
    if (this.#readers.size === 0) this.#backlog.push(bytes);
    for (const r of this.#readers) r.write(bytes);
  }

  close(): Promise<void> {
    for (const r of this.#readers) r.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
