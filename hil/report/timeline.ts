/**
 * What happened during one run on a rig, lane by lane, in wall-clock ms since the run began: the
 * HTML certification report draws it (html.ts), and a failing run's log prints it.
 */
export const LANES = ['power', 'usb', 'console', 'repl', 'http', 'kit', 'boot', 'verdict'] as const;
export type Lane = (typeof LANES)[number];

export interface Mark {
  atMs: number;
  lane: Lane;
  what: string;
  /** Marks that span time (a request, a boot) end here. */
  endMs?: number;
  /** A fault or a failure: drawn red. */
  bad?: boolean;
}

export class Timeline {
  readonly marks: Mark[] = [];
  readonly #t0: number;

  constructor(readonly startedAt = new Date(), now: () => number = () => performance.now()) {
    this.now = now;
    this.#t0 = now();
  }

  readonly now: () => number;

  get elapsedMs(): number {
    return this.now() - this.#t0;
  }

  /** A reading of `now()` taken earlier, as ms since the run began. */
  since(reading: number): number {
    return reading - this.#t0;
  }

  mark(lane: Lane, what: string, extra: { endMs?: number; bad?: boolean; atMs?: number } = {}): Mark {
    const m: Mark = { atMs: extra.atMs ?? this.elapsedMs, lane, what, ...(extra.endMs !== undefined ? { endMs: extra.endMs } : {}), ...(extra.bad ? { bad: true } : {}) };
    this.marks.push(m);
    return m;
  }

  /** Times a span on a lane: the mark's end is set when `work` settles (red if it threw). */
  async span<T>(lane: Lane, what: string, work: () => Promise<T>): Promise<T> {
    const m = this.mark(lane, what);
    try {
      return await work();
    } catch (err) {
      m.bad = true;
      m.what += `: ${(err as Error).message}`;
      throw err;
    } finally {
      m.endMs = this.elapsedMs;
    }
  }

  /** One line per mark, in time order (for logs). */
  lines(): string[] {
    return [...this.marks].sort((a, b) => a.atMs - b.atMs).map((m) => `${(m.atMs / 1000).toFixed(3)}s ${m.lane.padEnd(7)} ${m.bad ? 'FAULT ' : ''}${m.what}${m.endMs !== undefined ? ` (${((m.endMs - m.atMs) / 1000).toFixed(3)} s)` : ''}`);
  }
}
