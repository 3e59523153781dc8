/**
 * A byte link to a board's console: a local serial port, an RFC2217 server or a raw TCP socket.
 * Every kind reads from the moment it opens (a Pico W stalls its USB TX when the host stops
 * reading), so bytes that arrive before anyone listens are kept for the first listener.
 */

export interface SerialLink {
  readonly url: string;
  write(b: Uint8Array): Promise<void>;
  /** Subscribes; returns the unsubscribe. The first subscriber also gets what arrived before it. */
  onData(cb: (b: Uint8Array) => void): () => void;
  /** Resolves when the port vanished or was closed (hangup, error, close); never rejects. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export interface LinkOptions {
  baudRate?: number;
}

/** Bytes kept while nobody listens; older bytes are dropped past this (a console that nobody reads). */
const BACKLOG_LIMIT = 1 << 20;

/** The shared half of every link kind: fan-out, backlog and the closed promise. */
export class LinkTap {
  private listeners = new Set<(b: Uint8Array) => void>();
  private backlog: Uint8Array[] = [];
  private backlogBytes = 0;
  private settle!: () => void;
  private done = false;
  readonly closed: Promise<void>;
  reason: string | null = null;

  constructor() {
    this.closed = new Promise<void>((resolve) => (this.settle = resolve));
  }

  get isClosed(): boolean {
    return this.done;
  }

  push(b: Uint8Array): void {
    if (b.length === 0) return;
    if (this.listeners.size === 0) {
      this.backlog.push(b);
      this.backlogBytes += b.length;
      while (this.backlogBytes > BACKLOG_LIMIT && this.backlog.length > 1) this.backlogBytes -= this.backlog.shift()!.length;
      return;
    }
    for (const cb of [...this.listeners]) cb(b);
  }

  subscribe(cb: (b: Uint8Array) => void): () => void {
    this.listeners.add(cb);
    if (this.backlog.length > 0) {
      const held = this.backlog;
      this.backlog = [];
      this.backlogBytes = 0;
      for (const b of held) cb(b);
    }
    return () => {
      this.listeners.delete(cb);
    };
  }

  end(reason: string): void {
    if (this.done) return;
    this.done = true;
    this.reason = reason;
    this.settle();
  }
}

export class LinkClosedError extends Error {
  constructor(url: string, reason: string | null) {
    super(`${url}: link closed${reason ? ` (${reason})` : ''}`);
    this.name = 'LinkClosedError';
  }
}
