/**
 * The real stacks: serialport on a kernel pty (socat pair), and the RFC2217 client through real
 * ser2net. Each skips with a printed reason when its tool is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerialLink } from './link.ts';
import { openLink } from './open-link.ts';
import { SER2NET, startPtyPair, startSer2net, type PtyPair } from './test-pty.ts';

const hasSocat = spawnSync('socat', ['-V']).status === 0;
if (!hasSocat) console.log('skipping pty tests: socat is not installed');

function reader(link: SerialLink): (n: number, ms?: number) => Promise<Uint8Array> {
  const got: number[] = [];
  link.onData((b) => got.push(...b));
  return async (n, ms = 2000) => {
    const end = Date.now() + ms;
    while (got.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    return Uint8Array.from(got.splice(0, got.length));
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function pty(): Promise<PtyPair> {
  const p = await startPtyPair();
  cleanups.push(() => p.kill());
  return p;
}

describe.skipIf(!hasSocat)('openLink on a local path (socat pty pair)', () => {
  it('carries every byte value both ways', async () => {
    const p = await pty();
    const host = await openLink(p.a);
    const board = await openLink(p.b);
    cleanups.push(() => host.close(), () => board.close());
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const fromHost = reader(board);
    const fromBoard = reader(host);
    await host.write(all);
    expect(await fromHost(256)).toEqual(all);
    await board.write(all.slice().reverse());
    expect(await fromBoard(256)).toEqual(all.slice().reverse());
  });

  it('closed resolves when the port vanishes (socat killed: the pty goes away)', async () => {
    const p = await pty();
    const host = await openLink(p.a);
    cleanups.push(() => host.close());
    await p.kill();
    const vanished = await Promise.race([host.closed.then(() => true), new Promise((r) => setTimeout(() => r(false), 2000))]);
    expect(vanished).toBe(true);
  });

  it('rejects a path that does not exist', async () => {
    await expect(openLink('/dev/otalab-no-such-port')).rejects.toThrow(/cannot open/);
  });

  it('close() resolves closed', async () => {
    const p = await pty();
    const host = await openLink(p.a);
    await host.close();
    await host.closed;
    await expect(host.write(Uint8Array.of(1))).rejects.toThrow(/link closed/);
  });
});

describe.skipIf(!hasSocat || !existsSync(SER2NET))('RFC2217 through real ser2net', () => {
  it('negotiates with ser2net and moves bytes (0xFF included) both ways', async (ctx) => {
    const p = await pty();
    const s = await startSer2net(p.b);
    cleanups.push(() => s.stop());
    if (!s.running) {
      console.log(`skipping ser2net test: ser2net exited: ${s.log()}`);
      ctx.skip();
      return;
    }
    const link = await openLink(s.url, { baudRate: 57600 });
    const board = await openLink(p.a);
    cleanups.push(() => link.close(), () => board.close());
    expect((link as unknown as { baudRate: number }).baudRate).toBe(57600);
    const atBoard = reader(board);
    const atHost = reader(link);
    const payload = Uint8Array.of(0x41, 0xff, 0x00, 0xff, 0xff, 0x0d, 0x0a, 0x03, 0x01, 0x42);
    await link.write(payload);
    expect(await atBoard(payload.length)).toEqual(payload);
    await board.write(payload);
    expect(await atHost(payload.length)).toEqual(payload);
  });
});
