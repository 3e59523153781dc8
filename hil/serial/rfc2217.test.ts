import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openLink } from './open-link.ts';
import { COM_PORT_OPTION, CPO } from './rfc2217.ts';
import { DO, DONT, iacEscape, IAC, negotiation, SB, SE, subnegotiation, TelnetParser, WILL, WONT } from './telnet.ts';

/** A fake RFC2217 server: records what the client negotiated and echoes payload back, IAC-escaped. */
interface FakeServer {
  url: string;
  received: Uint8Array[];
  negotiations: string[];
  subs: { option: number; payload: number[] }[];
  sockets: Socket[];
  close(): Promise<void>;
}

function startFake(opts: { refuse?: boolean; silent?: boolean; echo?: boolean; raw?: boolean } = {}): Promise<FakeServer> {
  const received: Uint8Array[] = [];
  const negotiations: string[] = [];
  const subs: { option: number; payload: number[] }[] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    if (opts.raw) {
      socket.on('data', (d) => {
        received.push(new Uint8Array(d));
        socket.write(d);
      });
      return;
    }
    const parser = new TelnetParser({
      data(b) {
        received.push(b);
        if (opts.echo !== false) socket.write(iacEscape(b));
      },
      negotiate(cmd, option) {
        negotiations.push(`${{ [WILL]: 'WILL', [WONT]: 'WONT', [DO]: 'DO', [DONT]: 'DONT' }[cmd]} ${option}`);
        if (opts.silent) return;
        if (cmd === WILL && option === COM_PORT_OPTION) socket.write(negotiation(opts.refuse ? DONT : DO, option));
        // Server-side offers, like ser2net makes, that the client must answer exactly once.
        if (cmd === WILL && option === 0) socket.write(negotiation(DO, 0));
      },
      subnegotiate(option, payload) {
        subs.push({ option, payload: [...payload] });
        if (option === COM_PORT_OPTION) socket.write(subnegotiation(option, Uint8Array.of(payload[0]! + CPO.SERVER_OFFSET, ...payload.slice(1))));
      },
    });
    socket.on('data', (d) => parser.feed(new Uint8Array(d)));
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `${opts.raw ? 'tcp' : 'rfc2217'}://127.0.0.1:${port}`,
        received,
        negotiations,
        subs,
        sockets,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    }),
  );
}

function collect(link: { onData(cb: (b: Uint8Array) => void): () => void }): { bytes: () => Uint8Array; until: (n: number) => Promise<Uint8Array> } {
  const chunks: number[] = [];
  const waiters: (() => void)[] = [];
  link.onData((b) => {
    chunks.push(...b);
    for (const w of waiters.splice(0)) w();
  });
  const bytes = (): Uint8Array => Uint8Array.from(chunks);
  const until = async (n: number): Promise<Uint8Array> => {
    const deadline = Date.now() + 2000;
    while (chunks.length < n) {
      if (Date.now() > deadline) throw new Error(`only ${chunks.length} of ${n} bytes arrived`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return bytes();
  };
  return { bytes, until };
}

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('RFC2217 client', () => {
  it('negotiates COM-PORT-OPTION, sets 8N1 at the baud rate, and 0xFF survives both ways', async () => {
    const fake = await startFake();
    servers.push(fake);
    const link = await openLink(fake.url, { baudRate: 0x1ff });
    expect(fake.negotiations).toContain(`WILL ${COM_PORT_OPTION}`);
    const baud = fake.subs.find((s) => s.payload[0] === CPO.SET_BAUDRATE);
    // 0x1FF = 00 00 01 FF: the 0xFF inside the subnegotiation was escaped and decoded intact.
    expect(baud?.payload).toEqual([CPO.SET_BAUDRATE, 0, 0, 1, 0xff]);
    expect(fake.subs.map((s) => s.payload[0])).toEqual(expect.arrayContaining([CPO.SET_DATASIZE, CPO.SET_PARITY, CPO.SET_STOPSIZE, CPO.SET_CONTROL]));
    expect((link as unknown as { baudRate: number }).baudRate).toBe(0x1ff);

    const rx = collect(link);
    const payload = Uint8Array.of(1, 0xff, 2, 0xff, 0xff, IAC, SB, SE, 3);
    await link.write(payload);
    const back = await rx.until(payload.length);
    // The server's parser saw the payload unescaped, and the echo came back unescaped.
    expect(Uint8Array.from(fake.received.flatMap((b) => [...b]))).toEqual(payload);
    expect(back).toEqual(payload);
    await link.close();
    await link.closed;
  });

  it('answers a server offer once and does not loop', async () => {
    const fake = await startFake();
    servers.push(fake);
    const link = await openLink(fake.url);
    await new Promise((r) => setTimeout(r, 50));
    // WILL 0 from us, DO 0 from the server: no second WILL 0 (a negotiation loop would add more).
    expect(fake.negotiations.filter((n) => n === 'WILL 0')).toHaveLength(1);
    await link.close();
  });

  it('refuses a server that says DONT 44', async () => {
    const fake = await startFake({ refuse: true });
    servers.push(fake);
    await expect(openLink(fake.url)).rejects.toThrow(/refused COM-PORT-OPTION/);
  });

  it('times out a server that never negotiates', async () => {
    const fake = await startFake({ silent: true });
    servers.push(fake);
    const { openRfc2217Link } = await import('./rfc2217.ts');
    await expect(openRfc2217Link(fake.url, { negotiateTimeoutMs: 150 })).rejects.toThrow(/timed out after 150 ms/);
  });

  it('closed resolves when the server hangs up', async () => {
    const fake = await startFake();
    servers.push(fake);
    const link = await openLink(fake.url);
    for (const s of fake.sockets) s.destroy();
    await link.closed;
    await expect(link.write(Uint8Array.of(1))).rejects.toThrow(/link closed/);
  });
});

describe('tcp:// link', () => {
  it('passes bytes untouched (no telnet) and buffers bytes that arrive before a listener', async () => {
    const fake = await startFake({ raw: true });
    servers.push(fake);
    const link = await openLink(fake.url);
    await link.write(Uint8Array.of(0xff, 0xff, 7));
    await new Promise((r) => setTimeout(r, 50));
    const rx = collect(link); // subscribes after the echo arrived
    expect(await rx.until(3)).toEqual(Uint8Array.of(0xff, 0xff, 7));
    await link.close();
  });

  it('rejects unknown schemes and bad addresses', async () => {
    await expect(openLink('ftp://x:1')).rejects.toThrow(/unknown link scheme/);
    await expect(openLink('tcp://nohost')).rejects.toThrow(/expected tcp:\/\/host:port/);
  });
});
