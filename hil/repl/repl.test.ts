import { afterEach, describe, expect, it } from 'vitest';
import { ReplError } from './errors.ts';
import { Repl } from './repl.ts';
import { startFakeBoard } from './test-fake-board.ts';
import { playTranscript, type Step, type Transcript } from './test-transcript.ts';

const ENTER: Step[] = [
  { host: '\r\x03' },
  // A running program's output and its KeyboardInterrupt: drained, not mistaken for a reply.
  { board: 'tick 41\r\nTraceback (most recent call last):\r\nKeyboardInterrupt: \r\n>>> ' },
  { host: '\r\x01' },
  { board: '\r\nraw REPL; CTRL-B to exit\r\n>' },
];

let open: Transcript[] = [];
async function play(steps: Step[]): Promise<Transcript> {
  const t = await playTranscript(steps);
  open.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(open.map((t) => t.port.link.close()));
  open = [];
});

function expectPlayed(t: Transcript): void {
  expect(t.mismatch()).toBeNull();
  expect(t.remaining()).toBe(0);
}

describe('Repl against recorded transcripts', () => {
  it('enters raw REPL with Ctrl-C then Ctrl-A, and never soft-resets', async () => {
    const t = await play(ENTER);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    expectPlayed(t);
    expect(t.port.written().includes(0x04)).toBe(false);
    expect(repl.pasteMode).toBe('unknown');
  });

  it('execs over raw paste and splits stdout from stderr', async () => {
    const t = await play([
      ...ENTER,
      { host: '\x05A\x01' },
      { board: 'R\x01\x80\x00\x01' },
      { host: 'print(6*7)\x04' },
      { board: '\x04' },
      { board: '42\r\n\x04\x04>' },
    ]);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    expect(await repl.exec('print(6*7)')).toEqual({ out: '42\r\n', err: '' });
    expect(repl.pasteMode).toBe('raw-paste');
    expectPlayed(t);
  });

  it('falls back to plain raw mode on R\\x00 and stays there', async () => {
    const t = await play([
      ...ENTER,
      { host: '\x05A\x01' },
      { board: 'R\x00' },
      { host: 'x = 1\x04' },
      { board: 'OK\x04\x04>' },
      // Second exec: no raw-paste attempt any more.
      { host: 'print(x)\x04' },
      { board: 'OK1\r\n\x04\x04>' },
    ]);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    expect(await repl.exec('x = 1')).toEqual({ out: '', err: '' });
    expect(repl.pasteMode).toBe('raw');
    expect(await repl.run('print(x)')).toBe('1\r\n');
    expectPlayed(t);
  });

  it('falls back on old firmware that echoes the raw banner (ra…)', async () => {
    const t = await play([
      ...ENTER,
      { host: '\x05A\x01' },
      // \x05A went into the line buffer, \x01 re-entered raw mode: the banner again.
      { board: 'raw REPL; CTRL-B to exit\r\n>' },
      { host: 'print(1)\x04' },
      { board: 'OK1\r\n\x04\x04>' },
    ]);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    expect(await repl.exec('print(1)')).toEqual({ out: '1\r\n', err: '' });
    expect(repl.pasteMode).toBe('raw');
    expectPlayed(t);
  });

  it('returns a traceback from exec and throws it from run, as the code’s fault', async () => {
    const tb = 'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nZeroDivisionError: divide by zero\r\n';
    const steps: Step[] = [
      ...ENTER,
      { host: '\x05A\x01' },
      { board: 'R\x01\x80\x00\x01' },
      { host: '1/0\x04' },
      { board: '\x04' },
      { board: `\x04${tb}\x04>` },
      { host: '\x05A\x01' },
      { board: 'R\x01\x80\x00\x01' },
      { host: '1/0\x04' },
      { board: '\x04' },
      { board: `partial\x04${tb}\x04>` },
    ];
    const t = await play(steps);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    expect((await repl.exec('1/0')).err).toBe(tb);
    const err = await repl.run('1/0').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplError);
    const e = err as ReplError;
    expect([e.kind, e.isRigFault, e.summary, e.out]).toEqual(['traceback', false, 'ZeroDivisionError: divide by zero', 'partial']);
    expectPlayed(t);
  });

  it('times out a program that never finishes, as a rig fault, within its budget', async () => {
    const t = await play([...ENTER, { host: '\x05A\x01' }, { board: 'R\x01\x80\x00\x01' }, { host: 'while 1: pass\x04' }, { board: '\x04' }, { board: 'still ' }]);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    const started = Date.now();
    const err = (await repl.exec('while 1: pass', { timeoutMs: 200 }).catch((e: unknown) => e)) as ReplError;
    const took = Date.now() - started;
    expect([err.kind, err.isRigFault]).toEqual(['timeout', true]);
    expect(err.message).toMatch(/program output/);
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1000);
  });

  it('gives up entering a silent board within the timeout', async () => {
    const t = await play([{ host: '\r\x03' }, { host: '\r\x01' }, { host: '\r\x03' }, { host: '\r\x01' }]);
    const started = Date.now();
    const err = (await Repl.enter(t.port.link, { timeoutMs: 300, drainMs: 10 }).catch((e: unknown) => e)) as ReplError;
    expect([err.kind, err.isRigFault]).toEqual(['timeout', true]);
    expect(err.message).toMatch(/could not enter raw REPL/);
    expect(Date.now() - started).toBeLessThan(1000);
    // Two attempts, each Ctrl-C then Ctrl-A, nothing else (no soft reset).
    expectPlayed(t);
  });

  it('bounds a write that never completes (a port nobody drains)', async () => {
    const t = await play(ENTER);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    t.port.link.write = () => new Promise<void>(() => undefined);
    const started = Date.now();
    const err = (await repl.exec('x', { timeoutMs: 150 }).catch((e: unknown) => e)) as ReplError;
    expect([err.kind, err.isRigFault]).toEqual(['timeout', true]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports a port that vanishes mid-exec as vanished', async () => {
    const t = await play([...ENTER, { host: '\x05A\x01' }, { board: 'R\x01\x80\x00\x01' }, { host: 'x\x04' }, { board: '\x04' }]);
    const repl = await Repl.enter(t.port.link, { drainMs: 20 });
    const pending = repl.exec('x', { timeoutMs: 5000 }).catch((e: unknown) => e);
    setTimeout(() => void t.port.link.close(), 50);
    const err = (await pending) as ReplError;
    expect([err.kind, err.isRigFault]).toEqual(['vanished', true]);
  });
});

describe('Repl against a fake board', () => {
  it('raw paste never sends past the granted window, and the code arrives intact', async () => {
    const board = await startFakeBoard({ window: 16, grantDelayMs: 2, run: (code) => ({ out: `${code.length}\n`, err: '' }) });
    const repl = await Repl.enter(board.port.link, { drainMs: 10 });
    const code = Array.from({ length: 40 }, (_, i) => `x${i} = ${'9'.repeat(i)}`).join('\n');
    expect(await repl.run(code)).toBe(`${code.length}\r\n`);
    expect(board.codes).toEqual([code]);
    expect(board.overrun).toBe(0);
    expect(board.softResets).toBe(0);
    await repl.leave();
    expect(board.mode()).toBe('friendly');
    await board.port.link.close();
  });

  it('plain raw fallback carries code longer than one 256-byte write', async () => {
    const board = await startFakeBoard({ paste: 'R0', run: (code) => ({ out: String(code.length), err: '' }) });
    const repl = await Repl.enter(board.port.link, { drainMs: 10 });
    const code = `s = '${'é'.repeat(400)}'`;
    expect(await repl.run(code)).toBe(String(code.length));
    expect(board.codes).toEqual([code]);
    expect(repl.pasteMode).toBe('raw');
    await board.port.link.close();
  });

  it('re-enters after a timed-out exec before the next one', async () => {
    let hang = true;
    const board = await startFakeBoard({
      paste: 'R0',
      run: async () => {
        if (hang) {
          hang = false;
          await new Promise((r) => setTimeout(r, 300));
        }
        return { out: 'ok', err: '' };
      },
    });
    const repl = await Repl.enter(board.port.link, { drainMs: 10 });
    await expect(repl.exec('slow()', { timeoutMs: 100 })).rejects.toMatchObject({ kind: 'timeout' });
    // The stale reply of slow() is drained by the re-entry, not taken as this call's output.
    await new Promise((r) => setTimeout(r, 250));
    expect(await repl.run('fast()')).toBe('ok');
    expect(board.codes).toEqual(['slow()', 'fast()']);
    await board.port.link.close();
  });
});
