/**
 * Why a REPL call failed. Only a traceback is the code's (the updater's) fault; a timeout, a port
 * that vanished or bytes that break the protocol are the rig's, and must never count as a verdict.
 */
export type ReplErrorKind = 'traceback' | 'timeout' | 'vanished' | 'protocol';

export class ReplError extends Error {
  readonly kind: ReplErrorKind;
  /** What the board printed to stdout before it failed (exec output or partial reads). */
  readonly out: string;
  /** The traceback for 'traceback'; otherwise what was pending on the wire, for diagnosis. */
  readonly err: string;

  constructor(kind: ReplErrorKind, message: string, detail: { out?: string; err?: string } = {}) {
    super(message);
    this.name = 'ReplError';
    this.kind = kind;
    this.out = detail.out ?? '';
    this.err = detail.err ?? '';
  }

  get isRigFault(): boolean {
    return this.kind !== 'traceback';
  }

  /** The last line of a traceback, e.g. `OSError: [Errno 2] ENOENT`, or the message. */
  get summary(): string {
    if (this.kind !== 'traceback') return this.message;
    const lines = this.err.trim().split(/\r?\n/);
    return lines[lines.length - 1] ?? this.message;
  }
}
