// UART0 RX of the virtual Pico W: what the host writes into the side channel is read on the
// board with UART(0).any() / read() / readline(), as the kit reads the host's answer after a
// power-on; a power-off loses what was not read.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualBoard, type VirtualBoard } from './index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
// Echoes each line it reads; `read N` reads N bytes with read(n); `deaf` stops reading.
const MAIN_PY = `import machine, time
u = machine.UART(0, 115200)
u.write(b'up any=%d none=%s\\n' % (u.any(), u.read() is None))
deaf = False
while True:
    time.sleep_ms(10)
    if deaf or not u.any():
        continue
    l = u.readline()
    if l.startswith(b'read '):
        n = int(l[5:])
        while u.any() < n:
            time.sleep_ms(5)
        u.write(b'got %s\\n' % u.read(n))
    elif l == b'deaf\\n':
        deaf = True
        u.write(b'deaf\\n')
    else:
        u.write(b'echo %s' % l)
`;

async function side(url: string): Promise<{ text: () => string; sock: Socket }> {
  const { hostname, port } = new URL(url);
  const sock = connect(Number(port), hostname);
  let text = '';
  sock.on('data', (d: Buffer) => (text += d.toString('latin1')));
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  return { text: () => text, sock };
}

async function waitFor(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('virtual Pico W UART0 RX', () => {
  let board: VirtualBoard;
  let link: Awaited<ReturnType<typeof side>>;

  beforeAll(async () => {
    board = await startVirtualBoard({ files: new Map([['main.py', enc(MAIN_PY)]]) });
    link = await side(board.uartUrl);
    await waitFor('main up', () => link.text().includes('up '));
  }, 30_000);

  afterAll(async () => {
    link?.sock.destroy();
    await board?.close();
  });

  it('nothing written: any() 0, read() None', () => {
    expect(link.text()).toBe('up any=0 none=True\n');
  });

  it('two lines in one write come back as two readline()s; read(n) takes n bytes', async () => {
    link.sock.write('one\ntwo\n');
    await waitFor('echoes', () => link.text().includes('echo two\n'));
    link.sock.write('read 5\nabc');
    await new Promise((r) => setTimeout(r, 100));
    link.sock.write('de');
    await waitFor('read', () => link.text().includes('got '));
    expect(link.text()).toBe('up any=0 none=True\necho one\necho two\ngot abcde\n');
  }, 20_000);

  it('bytes not read are lost at a power-off', async () => {
    link.sock.write('deaf\n');
    await waitFor('deaf', () => link.text().endsWith('deaf\n'));
    link.sock.write('unread\n');
    await new Promise((r) => setTimeout(r, 100));
    await board.power(false);
    await board.power(true);
    await waitFor('main up again', () => link.text().endsWith('up any=0 none=True\n'));
    link.sock.write('after\n');
    await waitFor('echo after', () => link.text().endsWith('echo after\n'));
  }, 30_000);
});
