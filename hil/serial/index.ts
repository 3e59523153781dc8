export { LinkClosedError, LinkTap, type LinkOptions, type SerialLink } from './link.ts';
export { openLink } from './open-link.ts';
export { openPortLink, streamLink, type PortStream } from './port-link.ts';
export { COM_PORT_OPTION, CPO, openRfc2217Link, type Rfc2217Link, type Rfc2217Options } from './rfc2217.ts';
export { openTcpLink, parseHostPort } from './tcp-link.ts';
export { iacEscape, TelnetParser } from './telnet.ts';
