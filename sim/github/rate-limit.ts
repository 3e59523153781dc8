/**
 * GitHub's primary REST rate limit on the model clock: one budget per identity (each token, and
 * "anonymous" shared by every unauthenticated caller, like a NAT sharing one IP). A window opens
 * at an identity's first request and resets 3600 s later. Fault model: exhaustion is the fault;
 * secondary limits (403/429 with retry-after) are link faults, not modelled here.
 */
export interface RateLimitSpec {
  anonymous?: number;
  token?: number;
  /** Remaining requests in each identity's first window (default: the full limit). */
  remaining?: number;
}

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  resetS: number;
}

interface Window {
  resetS: number;
  remaining: number;
}

export const WINDOW_S = 3600;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly spec: RateLimitSpec = {}) {}

  limitFor(kind: 'anonymous' | 'token'): number {
    return kind === 'anonymous' ? (this.spec.anonymous ?? 60) : (this.spec.token ?? 5000);
  }

  /** Spends one request for `identity` at `nowMs`, or reports the exhausted budget. */
  take(identity: string, kind: 'anonymous' | 'token', nowMs: number): RateLimitState {
    const limit = this.limitFor(kind);
    const nowS = Math.floor(nowMs / 1000);
    let w = this.windows.get(identity);
    if (!w || nowS >= w.resetS) {
      const first = !w;
      w = { resetS: nowS + WINDOW_S, remaining: first ? Math.min(this.spec.remaining ?? limit, limit) : limit };
      this.windows.set(identity, w);
    }
    const allowed = w.remaining > 0;
    if (allowed) w.remaining -= 1;
    return { allowed, limit, remaining: w.remaining, used: limit - w.remaining, resetS: w.resetS };
  }

  /** Gives back an allowed `take` of the still-open window: GitHub does not charge a 304 to a conditional request with valid credentials. */
  giveBack(identity: string, kind: 'anonymous' | 'token', spent: RateLimitState): RateLimitState {
    const w = this.windows.get(identity);
    if (!spent.allowed || !w || w.resetS !== spent.resetS) return spent;
    const limit = this.limitFor(kind);
    w.remaining = Math.min(limit, w.remaining + 1);
    return { allowed: true, limit, remaining: w.remaining, used: limit - w.remaining, resetS: w.resetS };
  }
}

export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.resetS),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': 'core',
  };
}
