/**
 * The link between the device and the fake GitHub. Fault model (spec.ts): per-request latency,
 * bandwidth charged per body byte delivered, stalls (a timeout when longer than the request's
 * `timeoutMs`), DNS/TLS failure, connection reset before a response, substituted HTTP statuses
 * and captive-portal HTML, a flipped bit, and bodies cut short (`drop`: the reader errors;
 * `truncate`: the body ends cleanly but early, Content-Length still the full size), and power
 * lost once a body's `afterBytes` bytes reached the board (`power-cut-at-bytes`). Virtual time
 * moves only through `advance`. `exchange` is synchronous and shared by every adapter.
 */
import type { SimRequest, SimResponse } from '../github/http-types.ts';
import { jsonBytes, textBytes } from '../github/http-types.ts';
import { FaultBook, type FiredFault } from './fault-book.ts';
import { linkFetch, type LinkFetchInit } from './fetch-adapter.ts';
import type { LinkFault, LinkSpec } from './spec.ts';

export type LinkRequest = SimRequest & { timeoutMs?: number };

export interface BodyCut {
  afterBytes: number;
  mode: 'drop' | 'truncate';
}

/**
 * A power cut armed on one response body (fault `power-cut-at-bytes`): an adapter hands over at
 * most `afterBytes` body bytes, then calls `land()`. It returns false when the fault was already
 * spent on another body (nothing happens then); true when the board lost power (or, with no
 * `cutPower` option, when the caller must cut it: the LAN's rig). Never called: nothing is spent.
 */
export interface PowerCutAt {
  afterBytes: number;
  land(): boolean;
}

export type Exchange = { response: SimResponse; bodyCut?: BodyCut; powerCut?: PowerCutAt; substitutedBy?: LinkFault['kind'] } | { error: 'reset' | 'dns' | 'timeout' };

/**
 * One request as the device made it, whoever answered: the server, or a link fault in its place
 * (then `fault` names it, and `status` is null when no response came at all). Budgets and the
 * token check judge this list, so a request a fault swallowed still counts and is still seen.
 */
export interface LinkLogEntry {
  method: string;
  url: string;
  status: number | null;
  bodyBytes: number;
  authorization?: string;
  /** The request's Range header, when it had one (resumed downloads). */
  range?: string;
  /** Body bytes the board read (counted as the adapters deliver them: up to a drop, a cut, a cancel). */
  wireBytes?: number;
  fault?: LinkFault['kind'];
  /**
   * The body, kept only for a response the updater must refuse whatever it carries: a non-2xx
   * status, or a page a link fault put in the server's place (the oracle's `refused-unwritten`
   * checks none of its bytes reaches a flash write).
   */
  refusedBody?: Uint8Array;
}

export interface LinkOptions {
  spec?: LinkSpec;
  faults?: LinkFault[];
  advance: (ms: number) => void;
  /** Throws (PowerLoss) when the board is down: a halted board sends, receives and uses up nothing. */
  alive?: () => void;
  /** Halts the board when a `power-cut-at-bytes` fault lands (the sim board's `power.halt`). */
  cutPower?: () => void;
}

const isByteCut = (f: LinkFault) => f.kind === 'power-cut-at-bytes';

export interface Server {
  handle(req: SimRequest): SimResponse;
}

export const CAPTIVE_PORTAL_HTML = '<!DOCTYPE html><html><head><title>Wi-Fi sign-in</title></head><body><form>Accept the terms to continue</form></body></html>';

export class Link {
  private readonly book: FaultBook;
  private readonly advance: (ms: number) => void;
  /** Throws PowerLoss when the board is down (adapters call it where a dead board must stop). */
  readonly alive: () => void;
  private readonly cutPower: (() => void) | undefined;
  private readonly latencyMs: number;
  private readonly bandwidthBytesPerS: number | undefined;
  private bytesDelivered = 0;
  private bandwidthMsCharged = 0;
  /** The newest request: the one whose body the board is reading (one at a time). */
  #reading: LinkLogEntry | null = null;
  /** Requests seen so far; the next one is number `requests + 1`. */
  requests = 0;
  /** Every request, in order, with what answered it. */
  readonly log: LinkLogEntry[] = [];

  constructor(readonly server: Server, options: LinkOptions) {
    this.book = new FaultBook(options.faults ?? []);
    this.advance = options.advance;
    this.alive = options.alive ?? (() => {});
    this.cutPower = options.cutPower;
    this.latencyMs = options.spec?.latencyMs ?? 0;
    this.bandwidthBytesPerS = options.spec?.bandwidthBytesPerS;
    if (this.bandwidthBytesPerS !== undefined && !(this.bandwidthBytesPerS > 0)) {
      throw new Error(`Failed to create link: bandwidthBytesPerS must be positive, got ${this.bandwidthBytesPerS}`);
    }
  }

  get fired(): readonly FiredFault[] {
    return this.book.fired;
  }

  unfired(): LinkFault[] {
    return this.book.unfired();
  }

  /**
   * A board that halts (a cut, a bite) before or during the latency sends nothing: the request is
   * not counted, no fault is used up, GitHub never sees it. One that halts during a stall used up
   * the stall only.
   */
  exchange(req: LinkRequest): Exchange {
    this.alive();
    if (this.latencyMs > 0) this.advance(this.latencyMs);
    // Sent: from here on the request is in the run's list, whatever answers it.
    const entry: LinkLogEntry = { method: req.method, url: req.url, status: null, bodyBytes: 0 };
    if (req.headers.authorization !== undefined) entry.authorization = req.headers.authorization;
    if (req.headers.range !== undefined) entry.range = req.headers.range;
    entry.wireBytes = 0;
    this.log.push(entry);
    this.#reading = entry;
    const ex = this.#exchange(req);
    if ('error' in ex) entry.fault = ex.error === 'timeout' ? 'stall' : ex.error;
    else {
      entry.status = ex.response.status;
      entry.bodyBytes = ex.response.body.length;
      if (ex.substitutedBy !== undefined) entry.fault = ex.substitutedBy;
      const ok = ex.response.status >= 200 && ex.response.status < 300;
      if ((!ok || ex.substitutedBy !== undefined) && ex.response.body.length > 0) entry.refusedBody = ex.response.body;
    }
    return ex;
  }

  #exchange(req: LinkRequest): Exchange {
    const nth = ++this.requests;
    const stalls = this.book.take(nth, req.url, (f) => f.kind === 'stall');
    const stallMs = stalls.reduce((sum, f) => sum + (f.kind === 'stall' ? f.delayMs : 0), 0);
    if (req.timeoutMs !== undefined && stallMs > req.timeoutMs) {
      this.advance(req.timeoutMs);
      this.book.take(nth, req.url, (f) => f.kind !== 'stall' && !isByteCut(f)); // spent on the request that timed out (a byte cut saw no body)
      return { error: 'timeout' };
    }
    if (stallMs > 0) this.advance(stallMs);
    const faults = [...stalls, ...this.book.take(nth, req.url, (f) => f.kind !== 'stall' && !isByteCut(f))];
    if (faults.some((f) => f.kind === 'dns')) return { error: 'dns' };
    if (faults.some((f) => f.kind === 'reset')) return { error: 'reset' };
    const { timeoutMs: _t, ...plain } = req;
    const substituted = substitute(faults);
    let response = substituted?.response ?? this.server.handle(plain);
    const exchange: Exchange = { response, ...(substituted ? { substitutedBy: substituted.kind } : {}) };
    for (const f of faults) {
      if (f.kind === 'corrupt' && f.byte < response.body.length) {
        const body = response.body.slice();
        body[f.byte]! ^= 0x01;
        exchange.response = response = { ...response, body };
      }
      if ((f.kind === 'drop' || f.kind === 'truncate') && (!exchange.bodyCut || f.afterBytes < exchange.bodyCut.afterBytes)) {
        exchange.bodyCut = { afterBytes: f.afterBytes, mode: f.kind };
      }
    }
    const powerCut = this.#armPowerCut(nth, req.url, exchange.bodyCut ? Math.min(exchange.bodyCut.afterBytes, response.body.length) : response.body.length);
    if (powerCut) exchange.powerCut = powerCut;
    return exchange;
  }

  /** The earliest byte cut that lands inside the `delivered` body bytes (only longer bodies count). */
  #armPowerCut(nth: number, url: string, delivered: number): PowerCutAt | undefined {
    let first: { index: number; afterBytes: number } | undefined;
    for (const index of this.book.armed(nth, url, isByteCut)) {
      const f = this.book.faults[index]!;
      if (f.kind !== 'power-cut-at-bytes' || f.afterBytes >= delivered) continue;
      if (!first || f.afterBytes < first.afterBytes) first = { index, afterBytes: f.afterBytes };
    }
    if (!first) return undefined;
    const { index, afterBytes } = first;
    return {
      afterBytes,
      land: () => {
        this.alive(); // a board that died first spends nothing
        if (!this.book.spend(index, nth, url)) return false;
        this.cutPower?.();
        return true;
      },
    };
  }

  /** Charges the time `bytes` more body bytes take at the link's bandwidth (adapters call it as they deliver). */
  deliver(bytes: number): void {
    this.alive(); // a halted board receives no byte
    if (this.#reading !== null && bytes > 0) this.#reading.wireBytes = (this.#reading.wireBytes ?? 0) + bytes;
    if (this.bandwidthBytesPerS === undefined || bytes <= 0) return;
    this.bytesDelivered += bytes;
    // Cumulative, so rounding never drifts: total time is floor(total bytes / rate).
    const due = Math.floor((this.bytesDelivered * 1000) / this.bandwidthBytesPerS);
    if (due > this.bandwidthMsCharged) {
      this.advance(due - this.bandwidthMsCharged);
      this.bandwidthMsCharged = due;
    }
  }

  /** The direct adapter: a WHATWG fetch over this link (satisfies core's Http port). */
  readonly fetch = (url: string, init: LinkFetchInit = {}): Promise<Response> => linkFetch(this, url, init);
}

/** A status or captive-portal fault answers instead of GitHub (the request never reaches it). */
function substitute(faults: LinkFault[]): { response: SimResponse; kind: LinkFault['kind'] } | undefined {
  for (const f of faults) {
    if (f.kind === 'status') {
      const secondary = f.status === 403 || f.status === 429;
      const body = jsonBytes({
        message: secondary ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' : `Simulated HTTP ${f.status}`,
        documentation_url: 'https://docs.github.com/rest',
      });
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };
      if (f.retryAfterS !== undefined) headers['retry-after'] = String(f.retryAfterS);
      return { kind: 'status', response: { status: f.status, headers, body } };
    }
    if (f.kind === 'html') {
      const body = textBytes(CAPTIVE_PORTAL_HTML);
      return { kind: 'html', response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) }, body } };
    }
  }
  return undefined;
}
