// Ctrl-C and progress lines: the terminal is given back, what finished is said, and a long run is never silent.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleInterrupts, onInterrupt } from './interrupt.ts';
import { startTicker } from './report/ticker.ts';

afterEach(() => vi.restoreAllMocks());

describe('Ctrl-C', () => {
  it('shows the cursor, turns line wrap back on, says what finished and exits 130', () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = true;
    const exit = vi.fn();
    const stop = handleInterrupts(exit);
    try {
      onInterrupt(() => 'interrupted after 12 of 37 scenarios: 12 passed, 0 failed, 0 skipped');
      process.emit('SIGINT');
    } finally {
      stop();
      process.stderr.isTTY = tty;
    }
    expect(exit).toHaveBeenCalledWith(130);
    expect(err).toContain('\x1b[?25h\x1b[?7h');
    expect(err).toMatch(/interrupted after 12 of 37 scenarios: 12 passed/);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

describe('progress of long commands', () => {
  const stream = (isTTY: boolean) => {
    const lines: string[] = [];
    return { lines, s: { isTTY, write: (t: string) => (lines.push(t), true) } as unknown as NodeJS.WriteStream };
  };

  it('off a terminal: a line with the total at least every quietMs', async () => {
    const { lines, s } = stream(false);
    let done = 3;
    const t = startTicker({ label: 'sim fuzz x', total: 100, unit: 'schedules', current: () => done, stream: s, quietMs: 20 });
    await new Promise((r) => setTimeout(r, 70));
    done = 7;
    await new Promise((r) => setTimeout(r, 40));
    t.stop();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toMatch(/^sim fuzz x: 3\/100 schedules \(\d+ s\)\n$/);
    expect(lines.at(-1)).toMatch(/^sim fuzz x: 7\/100 schedules/);
  });

  it('on a terminal: one redrawn line, cleared at the end', async () => {
    const { lines, s } = stream(true);
    const t = startTicker({ label: 'bench', total: () => 40, unit: 's', current: () => 12, stream: s });
    await new Promise((r) => setTimeout(r, 300));
    t.stop();
    expect(lines[0]).toMatch(/^\r\x1b\[Kbench: 12\/40 s/);
    expect(lines.at(-1)).toBe('\r\x1b[K');
  });
});
