/**
 * The telnet framing RFC2217 rides on (RFC 854/855): IAC escaping of data both ways and a
 * streaming parser that splits data bytes from option negotiation and subnegotiation.
 */

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;

/** Doubles every 0xFF so a payload byte is never read as a command. */
export function iacEscape(b: Uint8Array): Uint8Array {
  let n = 0;
  for (const x of b) if (x === IAC) n++;
  if (n === 0) return b;
  const out = new Uint8Array(b.length + n);
  let j = 0;
  for (const x of b) {
    out[j++] = x;
    if (x === IAC) out[j++] = IAC;
  }
  return out;
}

export interface TelnetEvents {
  data(b: Uint8Array): void;
  negotiate(cmd: number, option: number): void;
  subnegotiate(option: number, payload: Uint8Array): void;
}

type State = 'data' | 'iac' | 'negotiate' | 'sb' | 'sb-iac';

/** Incremental: commands may be split across TCP segments anywhere. */
export class TelnetParser {
  private state: State = 'data';
  private cmd = 0;
  private sb: number[] = [];

  constructor(private readonly on: TelnetEvents) {}

  feed(chunk: Uint8Array): void {
    const data: number[] = [];
    const flush = (): void => {
      if (data.length > 0) this.on.data(Uint8Array.from(data.splice(0)));
    };
    for (const x of chunk) {
      switch (this.state) {
        case 'data':
          if (x === IAC) this.state = 'iac';
          else data.push(x);
          break;
        case 'iac':
          if (x === IAC) {
            data.push(IAC);
            this.state = 'data';
          } else if (x === WILL || x === WONT || x === DO || x === DONT) {
            this.cmd = x;
            this.state = 'negotiate';
          } else if (x === SB) {
            this.sb = [];
            this.state = 'sb';
          } else this.state = 'data'; // NOP, GA, AYT…: nothing a serial console needs
          break;
        case 'negotiate':
          flush();
          this.on.negotiate(this.cmd, x);
          this.state = 'data';
          break;
        case 'sb':
          if (x === IAC) this.state = 'sb-iac';
          else this.sb.push(x);
          break;
        case 'sb-iac':
          if (x === IAC) {
            this.sb.push(IAC);
            this.state = 'sb';
          } else if (x === SE) {
            flush();
            const [option, ...payload] = this.sb;
            if (option !== undefined) this.on.subnegotiate(option, Uint8Array.from(payload));
            this.state = 'data';
          } else this.state = 'sb'; // malformed: keep collecting rather than leak into data
          break;
      }
    }
    flush();
  }
}

export function negotiation(cmd: number, option: number): Uint8Array {
  return Uint8Array.of(IAC, cmd, option);
}

export function subnegotiation(option: number, payload: Uint8Array): Uint8Array {
  return Uint8Array.of(IAC, SB, option, ...iacEscape(payload), IAC, SE);
}
