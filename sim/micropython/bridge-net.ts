/**
 * The network half of the JS bridge: name resolution and TCP connections for shims/socket.py,
 * each connection an HttpConn over the board's Link (see http-conn.ts for the fault model).
 * Names resolve to made-up addresses (10.0.0.n, in order of first lookup) that `connect` maps
 * back, so the request reaches the host the device resolved. TLS is a pass-through: a wrapped
 * socket only marks its requests https (the fake GitHub has no certificates to check).
 */
import type { Link } from '../link/link.ts';
import { ERRNO } from './errno.ts';
import { HttpConn } from './http-conn.ts';

interface Socket {
  conn: HttpConn | null;
  timeoutMs: number | null;
  tls: boolean;
}

export function netBridge(link: Link, bytes: (addr: number, n: number) => Uint8Array): Record<string, unknown> {
  const hostOf = new Map<string, string>();
  const ipOf = new Map<string, string>();
  const sockets = new Map<number, Socket>();
  let nextId = 1;
  const conn = (id: number): HttpConn | number => sockets.get(id)?.conn ?? -ERRNO.ENOTCONN;

  return {
    net_resolve: (host: string): string => {
      let ip = ipOf.get(host);
      if (ip === undefined) {
        ip = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : `10.0.0.${ipOf.size + 1}`;
        ipOf.set(host, ip);
        hostOf.set(ip, host);
      }
      return ip;
    },
    net_socket: (): number => {
      const id = nextId++;
      sockets.set(id, { conn: null, timeoutMs: null, tls: false });
      return id;
    },
    net_connect: (id: number, ip: string, port: number): number => {
      const s = sockets.get(id);
      if (s === undefined) return -ERRNO.EBADF;
      s.conn = new HttpConn(link, hostOf.get(ip) ?? ip, port);
      s.conn.timeoutMs = s.timeoutMs;
      s.conn.tls = s.tls;
      return 0;
    },
    /** `ms` < 0: no timeout (block forever). */
    net_settimeout: (id: number, ms: number): void => {
      const s = sockets.get(id);
      if (s === undefined) return;
      s.timeoutMs = ms < 0 ? null : ms;
      if (s.conn) s.conn.timeoutMs = s.timeoutMs;
    },
    net_tls: (id: number): void => {
      const s = sockets.get(id);
      if (s === undefined) return;
      s.tls = true;
      if (s.conn) s.conn.tls = true;
    },
    net_send: (id: number, addr: number, n: number): number => {
      const c = conn(id);
      return typeof c === 'number' ? c : c.send(bytes(addr, n));
    },
    net_available: (id: number, max: number): number => {
      const c = conn(id);
      return typeof c === 'number' ? c : c.available(max);
    },
    net_line_length: (id: number, max: number): number => {
      const c = conn(id);
      return typeof c === 'number' ? c : c.lineLength(max);
    },
    net_read: (id: number, addr: number, n: number): number => {
      const c = conn(id);
      return typeof c === 'number' ? c : c.read(bytes(addr, n));
    },
    net_close: (id: number): void => {
      sockets.delete(id);
    },
  };
}
