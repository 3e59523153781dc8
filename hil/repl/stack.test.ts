/**
 * The REPL client over the real serial stacks: serialport on a kernel pty (socat pair) and the
 * RFC2217 client through real ser2net, with the fake raw-REPL board on the pty's far end.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openLink, type SerialLink } from '../serial/index.ts';
import { SER2NET, startPtyPair, startSer2net } from '../serial/test-pty.ts';
import { Repl } from './repl.ts';
import { fakeBoardOn } from './test-fake-board.ts';

const hasSocat = spawnSync('socat', ['-V']).status === 0;
if (!hasSocat) console.log('skipping REPL stack tests: socat is not installed');

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** 3 KB of code whose sha256 the board reports back. */
const code = `data = '''${'0123456789abcdef'.repeat(190)}'''\nprint(len(data))`;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

async function boardOnPty(): Promise<{ hostPath: string; boardPty: string; board: ReturnType<typeof fakeBoardOn> }> {
  const p = await startPtyPair();
  cleanups.push(() => p.kill());
  const boardLink: SerialLink = await openLink(p.b);
  cleanups.push(() => boardLink.close());
  const board = fakeBoardOn(boardLink, { window: 128, run: (c) => ({ out: `${sha(c)}\n`, err: '' }) });
  return { hostPath: p.a, boardPty: p.b, board };
}

describe.skipIf(!hasSocat)('Repl over real links', () => {
  it('raw-pastes 3 KB over a pty with window flow control, intact', async () => {
    const { hostPath, board } = await boardOnPty();
    const link = await openLink(hostPath);
    cleanups.push(() => link.close());
    const repl = await Repl.enter(link, { drainMs: 20 });
    expect(await repl.run(code)).toBe(`${sha(code)}\r\n`);
    expect([repl.pasteMode, board.overrun, board.softResets]).toEqual(['raw-paste', 0, 0]);
  });

  it.skipIf(!existsSync(SER2NET))('raw-pastes 3 KB through ser2net RFC2217, intact', async (ctx) => {
    const p = await startPtyPair();
    cleanups.push(() => p.kill());
    const boardLink = await openLink(p.b);
    cleanups.push(() => boardLink.close());
    const board = fakeBoardOn(boardLink, { window: 128, run: (c) => ({ out: `${sha(c)}\n`, err: '' }) });
    const s = await startSer2net(p.a);
    cleanups.push(() => s.stop());
    if (!s.running) {
      console.log(`skipping ser2net REPL test: ser2net exited: ${s.log()}`);
      ctx.skip();
      return;
    }
    const link = await openLink(s.url);
    cleanups.push(() => link.close());
    const repl = await Repl.enter(link, { drainMs: 20 });
    expect(await repl.run(code)).toBe(`${sha(code)}\r\n`);
    expect(await repl.run('print(1)')).toBe(`${sha('print(1)')}\r\n`);
    expect([board.overrun, board.softResets]).toEqual([0, 0]);
  });
});
