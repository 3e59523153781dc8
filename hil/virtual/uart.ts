/**
 * The board's UART0 wired to a USB-UART adapter on the lab host: a TCP server on 127.0.0.1 that
 * sends every byte the board writes. Bytes written while no reader is connected are kept and
 * sent to the next reader (the adapter sees everything, also during boot.py while USB is down).
 * Bytes a client writes are the board's RX: kept here (the UART's RAM ring buffer) until the
 * board reads them; a reset or power-off loses them (`dropRx`).
 */
import { createServer, type Server, type Socket } from 'node:net';

export class UartChannel {
  readonly #server: Server;
  readonly #readers = new Set<Socket>();
  #backlog: Uint8Array[] = [];
  #rx: Buffer = Buffer.alloc(0);

  constructor() {
    this.#server = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.on('close', () => this.#readers.delete(sock));
      sock.on('data', (b: Buffer) => {
        this.#rx = Buffer.concat([this.#rx, b]);
      });
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

  /** RX bytes waiting to be read (`UART.any()`). */
  get rxCount(): number {
    return this.#rx.length;
  }

  /** Takes up to `n` RX bytes (n < 0: all); with `line`, stops after the first newline. */
  takeRx(n: number, line = false): Uint8Array {
    let k = n < 0 ? this.#rx.length : Math.min(n, this.#rx.length);
    if (line) {
      const nl = this.#rx.indexOf(0x0a);
      if (nl >= 0 && nl < k) k = nl + 1;
    }
    const out = Uint8Array.from(this.#rx.subarray(0, k));
    this.#rx = this.#rx.subarray(k);
    return out;
  }

  /** A reset or power-off: the board's RX buffer is RAM. */
  dropRx(): void {
    this.#rx = Buffer.alloc(0);
  }

  close(): Promise<void> {
    for (const r of this.#readers) r.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
