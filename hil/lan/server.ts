/**
 * The LAN fake GitHub: node:http listeners on real sockets in front of the simulator's own GitHub
 * model and link. Each request is translated to its GitHub-form URL and handed to a sim `Link`
 * (so faults match, fire and substitute exactly as in the simulator: sim/link/fault-book.ts),
 * and the exchange it returns is put on the socket in real time: latency and stalls as real
 * waits, bandwidth as paced chunks, resets and drops as RSTs, truncations as an early FIN, and a
 * byte-keyed power cut as a call to `onPowerCut` once that many body bytes were written to the
 * socket (the rig's power driver makes the cut; the socket is destroyed once it is done).
 * Absolute URLs the model hands out (redirect Locations, asset `url`s in API JSON) are rewritten
 * to LAN URLs; the log keeps the GitHub form so the oracle's host checks hold unchanged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitHubModel } from '../../sim/github/model.ts';
import type { SimResponse } from '../../sim/github/http-types.ts';
import { Link } from '../../sim/link/link.ts';
import type { LinkSpec } from '../../sim/link/spec.ts';
import { linkFaultsOf } from '../../scenarios/targets/board-run.ts';
import type { RequestRecord } from '../../scenarios/target.ts';
import type { Fault, Scenario } from '../../scenarios/types.ts';
import { lanCannot } from './cannot.ts';
import { githubOrigins, OriginMap, type OriginPair, type OriginRole } from './origins.ts';
import { writeResponse } from './wire.ts';

export const PING_PATH = '/otalab/ping';

export interface LanOptions {
  scenario: Scenario;
  /** The run's faults; device faults are ignored here (the rig makes them). */
  faults: readonly Fault[];
  /** Address to listen on; default 127.0.0.1. */
  bind?: string;
  /** First port: the API listens on it, raw on port+1, web +2, objects +3, third hosts after. Default: any free ports. */
  port?: number;
  /** Host the board uses to reach the LAN; default `bind` (127.0.0.1 when bind is a wildcard). */
  advertise?: string;
  /** Latency and bandwidth, applied in real time; default the scenario's `link`. */
  link?: LinkSpec;
  /** The fake GitHub's clock at start, epoch ms (Date headers, URL expiry, rate windows); default real time. */
  serverEpochMs?: number;
  /**
   * Cuts the board's power for a power-cut-at-bytes fault; resolves once the cut is made. Required
   * when the faults hold one: the LAN has no power switch of its own.
   */
  onPowerCut?: (cut: LanPowerCut) => Promise<void>;
}

/** A byte-keyed cut the LAN asks for: `afterBytes` body bytes of `url` (GitHub form) went out. */
export interface LanPowerCut {
  afterBytes: number;
  url: string;
}

/** A request the LAN served, in GitHub form, with when it came and what reached the socket. */
export interface LanRequest extends RequestRecord {
  /** Milliseconds since the LAN started when the request arrived. */
  atMs: number;
  /** Body bytes actually written to the socket (after rewriting and cuts). */
  sentBytes: number;
  /** The board closed the connection before the answer was complete. */
  clientClosed?: boolean;
  /** The board's power was cut after `sentBytes` body bytes (power-cut-at-bytes). */
  powerCut?: boolean;
}

export interface LanEvent {
  atMs: number;
  kind: 'listen' | 'request' | 'fault' | 'stall' | 'response' | 'reset' | 'drop' | 'truncate' | 'power-cut' | 'client-closed' | 'ping' | 'close';
  detail: string;
}

export interface Lan {
  /** api_base and raw_base for the board's ota_config.json. */
  readonly apiBase: string;
  readonly rawBase: string;
  /** Every listener: the GitHub origin it stands for and its LAN origin. */
  readonly origins: readonly OriginPair[];
  readonly requests: readonly LanRequest[];
  readonly events: readonly LanEvent[];
  /** The model behind the sockets (its own log, commit SHAs for provisioning). */
  readonly github: GitHubModel;
  /** The run's link faults that never fired, in plan order (the very objects passed in). */
  unfired(): Fault[];
  toLan(githubUrl: string): string;
  toGitHub(lanUrl: string): string;
  /** A JSON body as the board received it, with LAN origins put back to GitHub's. */
  bodyToGitHub(text: string): string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function wildcard(bind: string): boolean {
  return bind === '0.0.0.0' || bind === '::' || bind === '';
}

function listen(server: Server, port: number, bind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startLan(opts: LanOptions): Promise<Lan> {
  const refused = opts.faults.map((f) => [f, lanCannot(f)] as const).filter(([, why]) => why !== null);
  if (refused.length > 0) {
    throw new Error(`Failed to start the LAN fake GitHub: it cannot make ${refused.map(([f, why]) => `${f.kind} (${why})`).join('; ')}`);
  }
  const onPowerCut = opts.onPowerCut;
  if (onPowerCut === undefined && opts.faults.some((f) => f.kind === 'power-cut-at-bytes')) {
    throw new Error('Failed to start the LAN fake GitHub: a power-cut-at-bytes fault needs onPowerCut (the rig power driver that makes the cut); start it from a board target, or leave the fault out');
  }
  const bind = opts.bind ?? '127.0.0.1';
  const advertise = opts.advertise ?? (wildcard(bind) ? '127.0.0.1' : bind);
  const hostPart = advertise.includes(':') ? `[${advertise}]` : advertise;
  const started = Date.now();
  const sinceStart = () => Date.now() - started;
  const epoch = opts.serverEpochMs ?? started;
  const github = new GitHubModel(opts.scenario.server, { now: () => epoch + sinceStart() });
  let owed = 0; // link time (latency, stall, bandwidth) the current step must wait in real time
  const faults = linkFaultsOf(opts.faults);
  const link = new Link(github, { spec: opts.link ?? opts.scenario.link ?? {}, faults, advance: (ms) => { owed += ms; } });
  const requests: LanRequest[] = [];
  const events: LanEvent[] = [];
  const note = (kind: LanEvent['kind'], detail: string) => events.push({ atMs: sinceStart(), kind, detail });

  // Waits end early when their socket closes or the LAN closes, so nothing outlives close().
  let closing = false;
  const wakers = new Set<() => void>();
  const holdFor = (socket: NodeJS.EventEmitter & { destroyed: boolean }) => (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (closing || socket.destroyed) return resolve(false);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        socket.off('close', gone);
        wakers.delete(wake);
        resolve(ok);
      };
      const gone = () => done(false);
      const wake = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      socket.once('close', gone);
      wakers.add(wake);
    });

  const pairs: OriginPair[] = githubOrigins(opts.scenario.server).map((o) => ({ ...o, lan: '' }));
  const map = new OriginMap(pairs);
  const servers: Server[] = [];

  async function serve(pair: OriginPair, req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume(); // a GET has no body; drain whatever comes
    const target = req.url ?? '/';
    if (target === PING_PATH) {
      note('ping', `${pair.role} ${pair.lan}`);
      const body = Buffer.from(JSON.stringify({ otalab: 'lan', role: pair.role, github: pair.github }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    const url = pair.github + target;
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const atMs = sinceStart();
    const firedBefore = link.fired.length;
    owed = 0;
    const ex = link.exchange({ method, url, headers });
    const entry = link.log.at(-1)!;
    const record: LanRequest = {
      method,
      url,
      status: entry.status,
      bodyBytes: entry.bodyBytes,
      authorization: entry.authorization ?? null,
      ...(entry.fault ? { fault: entry.fault } : {}),
      ...(entry.refusedBody ? { refusedBody: entry.refusedBody } : {}),
      atMs,
      sentBytes: 0,
    };
    requests.push(record);
    note('request', `#${link.requests} ${method} ${url}`);
    const fired = link.fired.slice(firedBefore);
    for (const f of fired) note('fault', `${f.fault.kind} (plan #${f.index}) on request #${f.nth}`);
    const hold = holdFor(req.socket);
    const wait = owed;
    owed = 0;
    if (wait > 0) {
      const stalled = fired.some((f) => f.fault.kind === 'stall');
      if (stalled) note('stall', `${wait} ms before answering ${url}`);
      if (!(await hold(wait))) {
        // Gave up while nothing was sent: what the sim logs for a request that timed out.
        Object.assign(record, { status: null, bodyBytes: 0, clientClosed: true });
        delete record.refusedBody;
        if (stalled) record.fault = 'stall';
        note('client-closed', `before the answer to ${url}`);
        return;
      }
    }
    if ('error' in ex) {
      // reset: RST before any response byte ('dns' is refused at start; 'timeout' needs a request timeout the LAN never passes).
      note('reset', url);
      req.socket.resetAndDestroy();
      return;
    }
    const out = forBoard(ex.response, map);
    const result = await writeResponse(res, out, {
      head: method === 'HEAD',
      ...(ex.bodyCut ? { cut: ex.bodyCut } : {}),
      ...(ex.powerCut && onPowerCut
        ? {
            powerCut: {
              afterBytes: ex.powerCut.afterBytes,
              cut: async () => {
                if (!ex.powerCut!.land()) return false;
                note('power-cut', `power cut after ${ex.powerCut!.afterBytes} of ${out.body.length} body bytes of ${url}`);
                await onPowerCut({ afterBytes: ex.powerCut!.afterBytes, url });
                return true;
              },
            },
          }
        : {}),
      pace: (n) => {
        owed = 0;
        link.deliver(n);
        const ms = owed;
        owed = 0;
        return ms;
      },
      hold,
    });
    record.sentBytes = result.sentBytes;
    if (result.end === 'client-closed') {
      record.clientClosed = true;
      note('client-closed', `after ${result.sentBytes} body bytes of ${url}`);
      return;
    }
    if (result.end === 'power-cut') {
      record.powerCut = true;
      return;
    }
    if (result.end === 'dropped') note('drop', `RST after ${result.sentBytes} of ${out.body.length} body bytes of ${url}`);
    else if (result.end === 'truncated') note('truncate', `FIN after ${result.sentBytes} of ${out.body.length} body bytes of ${url}`);
    note('response', `${out.status} ${result.sentBytes} bytes ${url}`);
  }

  try {
    for (const [i, pair] of pairs.entries()) {
      const server = createServer((req, res) => {
        serve(pair, req, res).catch((err: unknown) => {
          note('reset', `internal error: ${String(err)}`);
          req.socket.destroy();
        });
      });
      servers.push(server);
      const port = await listen(server, opts.port === undefined ? 0 : opts.port + i, bind);
      pair.lan = `http://${hostPart}:${port}`;
      note('listen', `${pair.github} at ${pair.lan} (bound ${bind})`);
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw new Error(`Failed to start the LAN fake GitHub on ${bind}: ${(err as Error).message}`, { cause: err });
  }

  const lanOf = (role: OriginRole) => pairs.find((p) => p.role === role)!.lan;
  return {
    apiBase: lanOf('api'),
    rawBase: lanOf('raw'),
    origins: pairs,
    requests,
    events,
    github,
    unfired: () => {
      const left = new Set<Fault>(link.unfired());
      return opts.faults.filter((f) => left.has(f));
    },
    toLan: (u) => map.toLan(u),
    toGitHub: (u) => map.toGitHub(u),
    bodyToGitHub: (t) => map.bodyToGitHub(t),
    close: async () => {
      closing = true;
      for (const wake of [...wakers]) wake();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
      note('close', 'all listeners closed');
    },
  };
}

/** The answer as the board gets it: absolute GitHub URLs in Location and in API JSON pointed at the LAN. */
function forBoard(r: SimResponse, map: OriginMap): SimResponse {
  const headers = { ...r.headers };
  if (headers.location !== undefined) headers.location = map.toLan(headers.location);
  let body = r.body;
  if ((headers['content-type'] ?? '').startsWith('application/json') && body.length > 0) {
    const text = Buffer.from(body).toString('utf8');
    const rewritten = map.bodyToLan(text);
    // Only bodies that survive decoding (a corrupt fault may have broken the UTF-8) are rewritten.
    if (rewritten !== text && Buffer.from(text, 'utf8').equals(body)) {
      body = new Uint8Array(Buffer.from(rewritten, 'utf8'));
      if (headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    }
  }
  return { ...r, headers, body };
}
