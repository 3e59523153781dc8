/**
 * The MicroPython raw REPL client (byte protocol: tools/pyboard.py, shared/runtime/pyexec.c).
 * Entry never soft-resets: a soft reset runs boot.py, which on an otalab board is the updater.
 * Code goes over raw paste (window flow control); a board that answers `R\x00` or an old one
 * that echoes `ra…` gets plain raw mode, 256 bytes every 10 ms.
 */
import type { SerialLink } from '../serial/index.ts';
import { ReplError } from './errors.ts';
import { Inbox } from './inbox.ts';

export interface EnterOptions {
  timeoutMs?: number;
  /** Quiet time that ends the drain of a running program's output after Ctrl-C. */
  drainMs?: number;
}

export interface ExecOptions {
  timeoutMs?: number;
}

export interface ExecResult {
  out: string;
  err: string;
}

export type PasteMode = 'unknown' | 'raw-paste' | 'raw';

const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n>';
const PLAIN_CHUNK = 256;
const PLAIN_GAP_MS = 10;
const DEFAULT_EXEC_MS = 10_000;
/** Bound on a single write outside an exec's own deadline. */
const WRITE_MS = 5000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Repl {
  private mode: PasteMode = 'unknown';
  /** A timed-out exec leaves the board mid-program: the next call interrupts and re-enters first. */
  private dirty = false;
  private left = false;

  private constructor(
    readonly link: SerialLink,
    private readonly inbox: Inbox,
    private readonly enterOptions: EnterOptions,
  ) {}

  /** How code is sent: learnt on the first exec. */
  get pasteMode(): PasteMode {
    return this.mode;
  }

  static async enter(link: SerialLink, options: EnterOptions = {}): Promise<Repl> {
    const repl = new Repl(link, new Inbox(link), options);
    try {
      await repl.reenter();
    } catch (err) {
      repl.inbox.detach();
      throw err;
    }
    return repl;
  }

  private async reenter(): Promise<void> {
    const timeoutMs = this.enterOptions.timeoutMs ?? 5000;
    const deadline = Date.now() + timeoutMs;
    // Two attempts inside one budget: the first Ctrl-C may land while a program swallows it.
    for (let attempt = 0; ; attempt++) {
      await this.write('\r\x03', deadline);
      await this.inbox.drain(this.enterOptions.drainMs ?? 50, Math.min(1000, timeoutMs / 4));
      await this.write('\r\x01', deadline);
      const attemptDeadline = attempt === 0 ? Math.min(deadline, Date.now() + timeoutMs / 2) : deadline;
      try {
        await this.inbox.until(RAW_BANNER, attemptDeadline, 'the raw REPL banner');
        this.dirty = false;
        return;
      } catch (err) {
        if (!(err instanceof ReplError) || err.kind !== 'timeout' || attempt > 0) {
          if (err instanceof ReplError && err.kind === 'timeout') {
            throw new ReplError('timeout', `could not enter raw REPL on ${this.link.url} within ${timeoutMs} ms`, { err: err.err });
          }
          throw err;
        }
      }
    }
  }

  /** Runs `code`; a traceback comes back in `err`, never thrown. Rig faults throw ReplError. */
  async exec(code: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.left) throw new ReplError('protocol', 'exec after leave()');
    if (this.dirty) await this.reenter();
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_EXEC_MS);
    const bytes = encoder.encode(code);
    try {
      if (this.mode !== 'raw') await this.sendRawPaste(bytes, deadline);
      if (this.mode === 'raw') await this.sendPlain(bytes, deadline);
      const out = await this.inbox.until('\x04', deadline, 'program output');
      const err = await this.inbox.until('\x04', deadline, 'program errors');
      await this.inbox.until('>', deadline, 'the raw prompt');
      return { out: decoder.decode(out), err: decoder.decode(err) };
    } catch (e) {
      this.dirty = true;
      throw e;
    }
  }

  /** exec that throws ReplError('traceback') when the code raised; returns stdout. */
  async run(code: string, options: ExecOptions = {}): Promise<string> {
    const { out, err } = await this.exec(code, options);
    if (err.length > 0) {
      const last = err.trim().split(/\r?\n/).pop() ?? '';
      throw new ReplError('traceback', `board raised: ${last}`, { out, err });
    }
    return out;
  }

  /** Back to the friendly REPL (Ctrl-B); the link stays open and keeps being read. */
  async leave(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.left) return;
    this.left = true;
    const deadline = Date.now() + (options.timeoutMs ?? 2000);
    try {
      await this.write('\r\x02', deadline);
      await this.inbox.until('>>> ', deadline, 'the friendly prompt');
    } finally {
      this.inbox.detach();
    }
  }

  private async sendRawPaste(bytes: Uint8Array, deadline: number): Promise<void> {
    await this.write('\x05A\x01', deadline);
    const answer = decoder.decode(await this.inbox.take(2, deadline, 'the raw-paste answer'));
    if (answer === 'R\x00') {
      // Understood but not supported: the board stays in raw mode waiting for code.
      this.mode = 'raw';
      return;
    }
    if (answer === 'ra') {
      // Old firmware took \x05A as code and \x01 as "enter raw REPL": it re-printed the banner.
      await this.inbox.until(RAW_BANNER.slice(2), deadline, 'the re-printed raw REPL banner');
      this.mode = 'raw';
      return;
    }
    if (answer !== 'R\x01') throw new ReplError('protocol', `unexpected raw-paste answer ${JSON.stringify(answer)}`);
    this.mode = 'raw-paste';
    const w = await this.inbox.take(2, deadline, 'the raw-paste window size');
    const window = w[0]! | (w[1]! << 8);
    if (window === 0) throw new ReplError('protocol', 'raw-paste window of 0 bytes');
    let credit = window;
    let sent = 0;
    while (sent < bytes.length) {
      // Take every flow-control byte already here, and block only when out of credit.
      while (credit === 0 || this.inbox.pending > 0) {
        const c = (await this.inbox.take(1, deadline, 'a raw-paste window'))[0];
        if (c === 0x01) credit += window;
        else if (c === 0x04) {
          // The board ended the paste early (it ran out of memory or hit an error): acknowledge.
          await this.write('\x04', deadline);
          return;
        } else throw new ReplError('protocol', `unexpected byte 0x${c!.toString(16)} during raw paste`);
      }
      const n = Math.min(credit, bytes.length - sent);
      await this.write(bytes.subarray(sent, sent + n), deadline);
      sent += n;
      credit -= n;
    }
    await this.write('\x04', deadline);
    // The board acknowledges end-of-data with \x04 once compiled; window grants may precede it.
    for (;;) {
      const c = (await this.inbox.take(1, deadline, 'the end-of-paste acknowledgement'))[0];
      if (c === 0x04) return;
      if (c !== 0x01) throw new ReplError('protocol', `could not complete raw paste: got 0x${c!.toString(16)}`);
    }
  }

  private async sendPlain(bytes: Uint8Array, deadline: number): Promise<void> {
    for (let i = 0; i < bytes.length; i += PLAIN_CHUNK) {
      await this.write(bytes.subarray(i, i + PLAIN_CHUNK), deadline);
      if (i + PLAIN_CHUNK < bytes.length) await sleep(PLAIN_GAP_MS);
    }
    await this.write('\x04', deadline);
    const ok = decoder.decode(await this.inbox.take(2, deadline, 'OK'));
    if (ok !== 'OK') throw new ReplError('protocol', `expected OK after code, got ${JSON.stringify(ok)}`);
  }

  /** A write also has a deadline: a port nobody drains (a stalled pty, a dead server) blocks it. */
  private async write(s: string | Uint8Array, deadline = Date.now() + WRITE_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReplError('timeout', `${this.link.url}: write did not complete in time`)), Math.max(0, deadline - Date.now()));
    });
    try {
      await Promise.race([this.link.write(typeof s === 'string' ? Buffer.from(s, 'latin1') : s), expired]);
    } catch (err) {
      if (err instanceof ReplError) throw err;
      throw new ReplError('vanished', `${this.link.url}: write failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
