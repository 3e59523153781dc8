/**
 * GitHub's rate-limit signals. Primary limit: `x-ratelimit-remaining: 0` with the reset time in
 * epoch seconds of the *server's* clock. A board without NTP has a wrong clock, so the reset is
 * translated through the response's `Date` header into this device's clock when one is present.
 * Secondary limits answer 403/429 with `retry-after` (seconds or an HTTP date).
 */
import type { RateLimitInfo } from './types.ts';

function intHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return null;
  return Number(raw);
}

/** Server time minus device time, ms; 0 without a parseable Date header. */
function serverSkewMs(headers: Headers, nowMs: number): number {
  const date = headers.get('date');
  const t = date === null ? NaN : Date.parse(date);
  return Number.isNaN(t) ? 0 : t - nowMs;
}

/** null when the response carries no rate-limit headers. */
export function readRateLimit(headers: Headers, nowMs: number): RateLimitInfo | null {
  const remaining = intHeader(headers, 'x-ratelimit-remaining');
  if (remaining === null) return null;
  const reset = intHeader(headers, 'x-ratelimit-reset');
  return {
    limit: intHeader(headers, 'x-ratelimit-limit'),
    remaining,
    resetAt: reset === null ? null : reset * 1000 - serverSkewMs(headers, nowMs),
  };
}

/** `retry-after` in ms (delta-seconds or HTTP date); null when absent or unreadable. */
export function retryAfterMs(headers: Headers, nowMs: number): number | null {
  const raw = headers.get('retry-after');
  if (raw === null) return null;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw) * 1000;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - (nowMs + serverSkewMs(headers, nowMs)));
}
