/**
 * Progress of a long command on stderr (stdout stays parseable): on a terminal a live line with the
 * total, redrawn a few times a second; otherwise (CI logs) one line at least every 10 s, so a log
 * never looks hung. Polls `current()` on a timer, so it works however the work reports progress.
 */
export interface Ticker {
  stop(): void;
}

export interface TickerOptions {
  label: string;
  /** A number, or read on each line when the total is learnt as the work goes (a sweep's). */
  total: number | (() => number);
  unit: string;
  current: () => number;
  /** Extra text after the count, e.g. "2 violations". */
  detail?: () => string;
  stream?: NodeJS.WriteStream;
  /** Milliseconds between lines when not on a terminal (default 10 s). */
  quietMs?: number;
}

export function startTicker(o: TickerOptions): Ticker {
  const stream = o.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const started = Date.now();
  const line = () => {
    const extra = o.detail?.() ?? '';
    const total = typeof o.total === 'number' ? o.total : o.total();
    return `${o.label}: ${o.current()}/${total || '?'} ${o.unit}${extra ? `, ${extra}` : ''} (${Math.round((Date.now() - started) / 1000)} s)`;
  };
  const timer = setInterval(() => stream.write(tty ? `\r\x1b[K${line()}` : `${line()}\n`), tty ? 250 : (o.quietMs ?? 10_000));
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (tty) stream.write('\r\x1b[K');
    },
  };
}
