/**
 * One GET against GitHub, the way the updater needs it: our headers, redirects followed by us
 * (Authorization never leaves the configured API/raw origins), retries for what a retry can fix,
 * rate limits turned into a deferral instead of hammering. Resolves only with a 2xx response;
 * reading its body is the caller's business (body errors are never retried here).
 */
import { OtaError } from '../errors.ts';
import type { Clock, Http, Log, Watchdog } from '../ports/index.ts';
import type { Config } from '../config/types.ts';
import { backoffMs, sleepFed } from './backoff.ts';
import { describeNetworkFailure, isNetworkFailure } from './network-error.ts';
import { readRateLimit, retryAfterMs } from './rate-limit.ts';
import { statusError } from './status.ts';
import type { RateLimitInfo } from './types.ts';
import { hostOf, originOf, trimBase } from './urls.ts';

export interface TransportPorts {
  http: Http;
  clock: Clock;
  watchdog: Watchdog;
  log: Log;
}

export type TransportConfig = Pick<
  Config,
  'owner' | 'repo' | 'token' | 'user_agent' | 'api_base' | 'raw_base' | 'http_retries' | 'backoff_sec' | 'max_backoff_sec' | 'http_timeout_sec' | 'connect_timeout_sec'
>;

export interface RequestSpec {
  url: string;
  /** 'json': the REST API's JSON; 'bytes': file contents (raw files, release assets). */
  accept: 'json' | 'bytes';
  /** The NOT_FOUND message for a 404. */
  notFound?: string;
  /** An ETag from an earlier answer: sent as If-None-Match, and a 304 is then returned, not an error. */
  ifNoneMatch?: string;
  /** More request headers (a resumed download's Range and If-Range); sent on every hop. */
  headers?: Record<string, string>;
}

export const API_VERSION = '2022-11-28';
export const MAX_REDIRECTS = 5;
/** A secondary-limit wait up to this long is slept through; a longer one defers the check. */
export const SECONDARY_WAIT_MAX_MS = 30_000;
/** GitHub asks for at least a minute after a secondary limit. */
export const SECONDARY_DEFER_MIN_MS = 60_000;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class Transport {
  /** The latest rate-limit state any API response reported. */
  rateLimit: RateLimitInfo | null = null;
  readonly timeoutMs: number;
  readonly repo: string;
  private readonly apiOrigin: string;
  private readonly rawOrigin: string;

  constructor(
    private readonly ports: TransportPorts,
    private readonly config: TransportConfig,
  ) {
    // urequests takes one timeout, so the predecessor used max(connect, read) on the device (§3.5).
    this.timeoutMs = Math.max(config.connect_timeout_sec ?? 0, config.http_timeout_sec) * 1000;
    this.repo = `${config.owner}/${config.repo}`;
    this.apiOrigin = originOf(trimBase(config.api_base));
    this.rawOrigin = originOf(trimBase(config.raw_base));
  }

  /** For whoever reads a response body: a slow body must not outlast the watchdog period. */
  feedWatchdog(): void {
    this.ports.watchdog.feed();
  }

  get hasToken(): boolean {
    return this.config.token !== null && this.config.token !== '';
  }

  async get(spec: RequestSpec): Promise<Response> {
    const attempts = Math.max(1, Math.floor(this.config.http_retries));
    for (let n = 0; ; n++) {
      const last = n + 1 >= attempts;
      let res: Response;
      try {
        res = await this.followRedirects(spec);
      } catch (err) {
        if (!isNetworkFailure(err)) throw err;
        // A timeout used most of the watchdog period (timeouts fit just under it): what follows
        // (a retry, the failure record, the backoff write) starts with a full period.
        this.ports.watchdog.feed();
        const reason = describeNetworkFailure(err, this.timeoutMs);
        if (last) throw new OtaError('NETWORK', `network error contacting ${hostOf(spec.url)}: ${reason}${attempts > 1 ? ` (${attempts} attempts)` : ''}`, { url: spec.url });
        await this.wait(spec.url, n, reason, backoffMs(n, this.config.backoff_sec, this.config.max_backoff_sec));
        continue;
      }
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 304) return notModified(res, spec);
      discard(res);
      const waitMs = this.retryWait(res, spec, n, last);
      await this.wait(spec.url, n, `HTTP ${res.status}`, waitMs);
    }
  }

  /** How long to wait before retrying a non-2xx response, or the error that ends the request. */
  private retryWait(res: Response, spec: RequestSpec, n: number, last: boolean): number {
    const now = this.ports.clock.now();
    const status = res.status;
    const ctx = { url: spec.url, repo: this.repo, hasToken: this.hasToken, notFound: spec.notFound, attempts: n + 1 };
    if (status === 403 || status === 429) {
      const limit = readRateLimit(res.headers, now);
      if (limit !== null && limit.remaining === 0) throw this.primaryLimit(limit, now);
      const after = retryAfterMs(res.headers, now);
      if (after !== null) {
        if (after > SECONDARY_WAIT_MAX_MS || last) throw this.secondaryLimit(now + Math.max(after, SECONDARY_DEFER_MIN_MS), status);
        return after;
      }
      if (status === 403) throw statusError(status, ctx);
    } else if (status < 500) {
      throw statusError(status, ctx);
    }
    if (last) {
      // No retry is left in this check: a Retry-After is kept for the backoff before the next one.
      const after = retryAfterMs(res.headers, now);
      const err = statusError(status, ctx);
      if (after !== null) err.details.retryAfterMs = after;
      throw err;
    }
    const backoff = backoffMs(n, this.config.backoff_sec, this.config.max_backoff_sec);
    const after = retryAfterMs(res.headers, now) ?? 0;
    return Math.min(Math.max(backoff, after), this.config.max_backoff_sec * 1000);
  }

  private primaryLimit(limit: RateLimitInfo, now: number): OtaError {
    const resetAt = limit.resetAt ?? now + SECONDARY_DEFER_MIN_MS;
    const mins = Math.max(1, Math.ceil((resetAt - now) / 60_000));
    const hint = this.hasToken ? '' : ' — a `token` raises the limit to 5,000/hour';
    const per = limit.limit === null ? '' : ` (${limit.limit} requests/hour${this.hasToken ? '' : ' without a token'})`;
    return new OtaError('RATE_LIMITED', `GitHub rate limit reached${per}; it resets in about ${mins} min${hint}`, { resetAt });
  }

  private secondaryLimit(resetAt: number, status: number): OtaError {
    return new OtaError('RATE_LIMITED', `GitHub secondary rate limit (HTTP ${status}); trying again later`, { resetAt });
  }

  private async wait(url: string, n: number, reason: string, ms: number): Promise<void> {
    this.ports.log.log('warn', 'http.retry', { host: hostOf(url), attempt: n + 1, reason, waitMs: ms });
    await sleepFed(this.ports, ms);
  }

  private async followRedirects(spec: RequestSpec): Promise<Response> {
    let url = spec.url;
    let auth = this.hasToken && [this.apiOrigin, this.rawOrigin].includes(originOf(url));
    for (let hop = 0; ; hop++) {
      this.ports.watchdog.feed();
      const headers = this.headers(url, spec.accept, auth);
      if (spec.ifNoneMatch !== undefined) headers['If-None-Match'] = spec.ifNoneMatch;
      if (spec.headers !== undefined) Object.assign(headers, spec.headers);
      const res = await this.ports.http.fetch(url, { method: 'GET', headers, redirect: 'manual', timeoutMs: this.timeoutMs });
      // A slow answer may have used most of the watchdog period: what follows (a failure record,
      // the state write, the app) starts with a full one (sim diff: a 6.9 s stall bit one updater).
      this.ports.watchdog.feed();
      this.noteRateLimit(res);
      if (!REDIRECTS.has(res.status)) return res;
      discard(res);
      const location = res.headers.get('location');
      if (location === null) throw new OtaError('BAD_RESPONSE', `HTTP ${res.status} redirect from ${hostOf(url)} without a Location`, { url });
      if (hop >= MAX_REDIRECTS) throw new OtaError('BAD_RESPONSE', `too many redirects (more than ${MAX_REDIRECTS}) fetching ${spec.url}`, { url: spec.url });
      const next = resolveLocation(location, url);
      // The token is for GitHub's API and raw hosts only: a CDN (release assets) never sees it.
      if (originOf(next) !== originOf(url)) auth = false;
      url = next;
    }
  }

  private headers(url: string, accept: RequestSpec['accept'], auth: boolean): Record<string, string> {
    const h: Record<string, string> = {
      'User-Agent': this.config.user_agent,
      Accept: accept === 'json' ? 'application/vnd.github+json' : 'application/octet-stream',
    };
    if (originOf(url) === this.apiOrigin) h['X-GitHub-Api-Version'] = API_VERSION;
    if (auth) h['Authorization'] = `token ${this.config.token}`;
    return h;
  }

  private noteRateLimit(res: Response): void {
    const info = readRateLimit(res.headers, this.ports.clock.now());
    if (info !== null) this.rateLimit = info;
  }
}

/**
 * A 304 answers a conditional request only: one we did not make conditional has nothing to be
 * "not modified" against (a broken proxy or cache), so it is a BAD_RESPONSE, never "nothing new".
 */
function notModified(res: Response, spec: RequestSpec): Response {
  discard(res);
  if (spec.ifNoneMatch !== undefined) return res;
  throw new OtaError('BAD_RESPONSE', `HTTP 304 Not Modified from ${hostOf(spec.url)} to a request without If-None-Match (a proxy or cache answering for GitHub?); the next check asks again`, { url: spec.url, status: 304 });
}

function resolveLocation(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new OtaError('BAD_RESPONSE', `redirect from ${hostOf(base)} to an invalid Location ${JSON.stringify(location)}`, { url: base });
  }
}

/**
 * Frees a response we will not read. Not awaited: msw's mocked bodies never settle a cancel()
 * (measured with msw 2.15), and nothing here depends on the cancel having finished.
 */
export function discard(res: Response): void {
  res.body?.cancel().catch(() => {});
}
