/**
 * The board's network stack, on the lab host: REAL TCP connections and name lookups for the
 * CPU's socket shim. Every call answers a value the shim turns into a result or an OSError with
 * the numbers a Pico W (lwIP) raises; a wait ends early with INTERRUPTED when Ctrl-C arrives.
 */
import { lookup } from 'node:dns/promises';
import { Socket } from 'node:net';
import type { RpcAnswer } from './rpc.ts';

/** lwIP errnos as MicroPython on a Pico W raises them (a refused connect reads as a reset there). */
export const NET_ERRNO = { EAGAIN: 11, ECONNRESET: 104, ENOTCONN: 107, ETIMEDOUT: 110, EBADF: 9 } as const;
/** getaddrinfo failed: the shim raises OSError(-2). */
export const RESOLVE_FAILED = 2;
export const INTERRUPTED = -1001;

interface Conn {
  sock: Socket | null;
  chunks: Buffer[];
  eof: boolean;
  error: number;
  wake: (() => void) | null;
}

export class Radio {
  readonly #conns = new Map<number, Conn>();
  #next = 1;
  #interrupt: (() => void)[] = [];

  /** Ctrl-C: every blocked call answers INTERRUPTED. */
  interrupt(): void {
    const waiting = this.#interrupt;
    this.#interrupt = [];
    for (const w of waiting) w();
  }

  /** A reset or power cut: every connection is gone (the peer sees a reset). */
  closeAll(): void {
    for (const c of this.#conns.values()) c.sock?.destroy();
    this.#conns.clear();
    this.interrupt();
  }

  async call(fn: string, args: unknown[]): Promise<RpcAnswer> {
    switch (fn) {
      case 'net_resolve':
        return { value: await this.#resolve(String(args[0])) };
      case 'net_socket': {
        const id = this.#next++;
        this.#conns.set(id, { sock: null, chunks: [], eof: false, error: 0, wake: null });
        return { value: id };
      }
      case 'net_connect':
        return { value: await this.#connect(args[0] as number, String(args[1]), args[2] as number, args[3] as number) };
      case 'net_send':
        return { value: this.#send(args[0] as number, args[1] as Uint8Array) };
      case 'net_recv':
        return this.#recv(args[0] as number, args[1] as number, args[2] as number);
      case 'net_close': {
        this.#conns.get(args[0] as number)?.sock?.destroy();
        this.#conns.delete(args[0] as number);
        return { value: 0 };
      }
      default:
        throw new Error(`Failed to run ${fn}: no such network call`);
    }
  }

  async #resolve(host: string): Promise<string | number> {
    try {
      return (await lookup(host, { family: 4 })).address;
    } catch {
      return -RESOLVE_FAILED;
    }
  }

  /** Waits for `ready` (it registers its wake-up), a timeout (ms < 0: none) or Ctrl-C. */
  #wait(ms: number, ready: (wake: () => void) => void): Promise<'ready' | 'timeout' | 'interrupted'> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = (why: 'ready' | 'timeout' | 'interrupted') => {
        if (timer) clearTimeout(timer);
        this.#interrupt = this.#interrupt.filter((w) => w !== onIntr);
        resolve(why);
      };
      const onIntr = () => done('interrupted');
      this.#interrupt.push(onIntr);
      if (ms >= 0) timer = setTimeout(() => done('timeout'), ms);
      ready(() => done('ready'));
    });
  }

  async #connect(id: number, ip: string, port: number, ms: number): Promise<number> {
    const c = this.#conns.get(id);
    if (c === undefined) return -NET_ERRNO.EBADF;
    const sock = new Socket();
    c.sock = sock;
    sock.on('data', (b: Buffer) => {
      c.chunks.push(b);
      c.wake?.();
    });
    sock.on('end', () => {
      c.eof = true;
      c.wake?.();
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      c.error = err.code === 'ETIMEDOUT' ? NET_ERRNO.ETIMEDOUT : NET_ERRNO.ECONNRESET;
      c.wake?.();
    });
    sock.on('close', () => {
      c.eof = true;
      c.wake?.();
    });
    const why = await this.#wait(ms, (wake) => {
      sock.once('connect', wake);
      sock.once('error', wake);
      sock.connect(port, ip);
    });
    if (why === 'interrupted') return INTERRUPTED;
    if (why === 'timeout') {
      sock.destroy();
      return -NET_ERRNO.ETIMEDOUT;
    }
    return c.error ? -c.error : 0;
  }

  #send(id: number, data: Uint8Array): number {
    const c = this.#conns.get(id);
    if (c?.sock == null) return -NET_ERRNO.ENOTCONN;
    if (c.error) return -c.error;
    if (c.sock.destroyed || c.sock.writableEnded) return -NET_ERRNO.ECONNRESET;
    c.sock.write(data);
    return data.length;
  }

  async #recv(id: number, n: number, ms: number): Promise<RpcAnswer> {
    const c = this.#conns.get(id);
    if (c?.sock == null) return { value: -NET_ERRNO.ENOTCONN };
    if (c.chunks.length === 0 && !c.eof && !c.error) {
      if (ms === 0) return { value: -NET_ERRNO.EAGAIN };
      const why = await this.#wait(ms, (wake) => {
        c.wake = wake;
      });
      c.wake = null;
      if (why === 'interrupted') return { value: INTERRUPTED };
      if (why === 'timeout') return { value: -NET_ERRNO.ETIMEDOUT };
    }
    if (c.chunks.length > 0) {
      const all = Buffer.concat(c.chunks);
      const out = all.subarray(0, n);
      c.chunks = all.length > n ? [all.subarray(n)] : [];
      return { value: out.length, bytes: Uint8Array.from(out) };
    }
    if (c.error) return { value: -c.error };
    return { value: 0 };
  }
}
