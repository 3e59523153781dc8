/**
 * A small RFC2217 client (telnet COM-PORT-OPTION 44) over node:net: enough to open a remote
 * port (ser2net `telnet(rfc2217)`, pyserial's server) at a baud rate, 8N1, no flow control.
 * No npm client exists, hence this.
 */
import type { Socket } from 'node:net';
import { LinkTap, type SerialLink } from './link.ts';
import { DO, DONT, iacEscape, negotiation, subnegotiation, TelnetParser, WILL, WONT } from './telnet.ts';
import { connectSocket, parseHostPort, socketLink } from './tcp-link.ts';

export const COM_PORT_OPTION = 44;
const BINARY = 0;
const SGA = 3;

/** Client-to-server subcommand codes; the server answers each with code + 100. */
export const CPO = {
  SET_BAUDRATE: 1,
  SET_DATASIZE: 2,
  SET_PARITY: 3,
  SET_STOPSIZE: 4,
  SET_CONTROL: 5,
  PURGE_DATA: 12,
  SERVER_OFFSET: 100,
} as const;

export interface Rfc2217Options {
  baudRate?: number;
  connectTimeoutMs?: number;
  /** Bound on the whole negotiation: a server that never agrees to option 44 is a rig fault. */
  negotiateTimeoutMs?: number;
}

export interface Rfc2217Link extends SerialLink {
  /** The baud rate the server reported back for SET-BAUDRATE. */
  readonly baudRate: number;
}

/** Options both sides may turn on; anything else is refused. */
const ACCEPTED = new Set([BINARY, SGA, COM_PORT_OPTION]);

export async function openRfc2217Link(url: string, options: Rfc2217Options = {}): Promise<Rfc2217Link> {
  const { host, port } = parseHostPort(url, 'rfc2217');
  const socket = await connectSocket(host, port, options.connectTimeoutMs ?? 5000, url);
  try {
    return await negotiate(url, socket, options);
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

function negotiate(url: string, socket: Socket, options: Rfc2217Options): Promise<Rfc2217Link> {
  const wantBaud = options.baudRate ?? 115200;
  const tap = new LinkTap();
  // What we asked for, so a reply to our own request is not answered again (no negotiation loops).
  const weWill = new Set<number>([COM_PORT_OPTION, BINARY, SGA]);
  const weDo = new Set<number>([BINARY, SGA]);
  const send = (b: Uint8Array): void => void socket.write(b);

  return new Promise<Rfc2217Link>((resolve, reject) => {
    let settled = false;
    let reportedBaud = 0;
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('close', onEarlyClose);
      if (err) return reject(err);
      const link = socketLink(url, socket, tap, iacEscape);
      resolve(Object.assign(link, { baudRate: reportedBaud }));
    };
    const timer = setTimeout(
      () => finish(new Error(`${url}: RFC2217 negotiation timed out after ${options.negotiateTimeoutMs ?? 5000} ms (is the server in telnet/rfc2217 mode?)`)),
      options.negotiateTimeoutMs ?? 5000,
    );
    const onEarlyClose = (): void => finish(new Error(`${url}: server closed during RFC2217 negotiation`));
    socket.on('close', onEarlyClose);

    const parser = new TelnetParser({
      data: (b) => tap.push(b),
      negotiate(cmd, option) {
        if (cmd === DO) {
          if (option === COM_PORT_OPTION) sendPortSettings();
          if (!ACCEPTED.has(option)) send(negotiation(WONT, option));
          else if (!weWill.has(option)) {
            weWill.add(option);
            send(negotiation(WILL, option));
          }
        } else if (cmd === WILL) {
          if (!ACCEPTED.has(option)) send(negotiation(DONT, option));
          else if (!weDo.has(option)) {
            weDo.add(option);
            send(negotiation(DO, option));
          }
        } else if (cmd === DONT && option === COM_PORT_OPTION) {
          finish(new Error(`${url}: server refused COM-PORT-OPTION (RFC2217); use tcp:// for a raw port`));
        } else if (cmd === DONT || cmd === WONT) {
          weWill.delete(option);
        }
      },
      subnegotiate(option, payload) {
        if (option !== COM_PORT_OPTION || payload[0] !== CPO.SET_BAUDRATE + CPO.SERVER_OFFSET) return;
        reportedBaud = payload.length >= 5 ? new DataView(payload.buffer, payload.byteOffset + 1, 4).getUint32(0) : wantBaud;
        finish(null);
      },
    });
    socket.on('data', (chunk: Buffer) => parser.feed(new Uint8Array(chunk)));

    let settingsSent = false;
    function sendPortSettings(): void {
      if (settingsSent) return;
      settingsSent = true;
      const baud = new Uint8Array(4);
      new DataView(baud.buffer).setUint32(0, wantBaud);
      send(subnegotiation(COM_PORT_OPTION, Uint8Array.of(CPO.SET_DATASIZE, 8)));
      send(subnegotiation(COM_PORT_OPTION, Uint8Array.of(CPO.SET_PARITY, 1))); // NONE
      send(subnegotiation(COM_PORT_OPTION, Uint8Array.of(CPO.SET_STOPSIZE, 1)));
      send(subnegotiation(COM_PORT_OPTION, Uint8Array.of(CPO.SET_CONTROL, 1))); // no flow control
      // Last: its acknowledgement is what ends the negotiation.
      send(subnegotiation(COM_PORT_OPTION, Uint8Array.of(CPO.SET_BAUDRATE, ...baud)));
    }

    send(Uint8Array.of(...negotiation(WILL, COM_PORT_OPTION), ...negotiation(WILL, BINARY), ...negotiation(DO, BINARY), ...negotiation(WILL, SGA), ...negotiation(DO, SGA)));
  });
}
