/**
 * Everything the board sends, held until the REPL client consumes it. Subscribing at once keeps
 * the link read at all times; every wait carries a deadline and fails fast when the link closes.
 */
import type { SerialLink } from '../serial/index.ts';
import { ReplError } from './errors.ts';

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

export class Inbox {
  private buf: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private gone = false;
  private readonly unsubscribe: () => void;

  constructor(readonly link: SerialLink) {
    this.unsubscribe = link.onData((b) => {
      this.buf = this.buf.length === 0 ? Buffer.from(b) : Buffer.concat([this.buf, b]);
      this.poke();
    });
    void link.closed.then(() => {
      this.gone = true;
      this.poke();
    });
  }

  get pending(): number {
    return this.buf.length;
  }

  detach(): void {
    this.unsubscribe();
  }

  /** Consumes and returns everything before `pattern`, and the pattern itself. */
  async until(pattern: string, deadline: number, what: string): Promise<Uint8Array> {
    const needle = Buffer.from(pattern, 'latin1');
    for (;;) {
      const at = this.buf.indexOf(needle);
      if (at >= 0) {
        const before = this.buf.subarray(0, at);
        this.buf = this.buf.subarray(at + needle.length);
        return new Uint8Array(before);
      }
      await this.idle(deadline, what);
    }
  }

  /** Consumes exactly `n` bytes. */
  async take(n: number, deadline: number, what: string): Promise<Uint8Array> {
    while (this.buf.length < n) await this.idle(deadline, what);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return new Uint8Array(out);
  }

  /** Discards input until the line is quiet for `quietMs` (at most `maxMs`): stale output of a running program. */
  async drain(quietMs: number, maxMs: number): Promise<void> {
    const stop = Date.now() + maxMs;
    for (;;) {
      this.buf = Buffer.alloc(0);
      const quietUntil = Math.min(Date.now() + quietMs, stop);
      while (this.buf.length === 0 && Date.now() < quietUntil && !this.gone) await this.sleepOrData(quietUntil - Date.now());
      if (this.gone) throw this.vanished('draining');
      if (this.buf.length === 0 || Date.now() >= stop) {
        this.buf = Buffer.alloc(0);
        return;
      }
    }
  }

  private async idle(deadline: number, what: string): Promise<void> {
    if (this.gone) throw this.vanished(what);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new ReplError('timeout', `timed out waiting for ${what} (${this.buf.length} bytes pending: ${JSON.stringify(latin1(this.buf.subarray(-120)))})`, {
        err: latin1(this.buf),
      });
    }
    await this.sleepOrData(left);
  }

  private vanished(what: string): ReplError {
    return new ReplError('vanished', `${this.link.url}: port vanished while waiting for ${what}`, { err: latin1(this.buf) });
  }

  private sleepOrData(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wake === done) self.wake = null;
        resolve();
      }
      this.wake?.();
      this.wake = done;
    });
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
