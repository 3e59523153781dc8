/**
 * Telling a dropped connection from everything else. Any rejection of `fetch` or of a body read
 * is a network failure (undici says "fetch failed" / "terminated", msw rethrows whatever a test
 * injected), except our own errors and the signals of a device that stopped: a simulated power
 * loss or reset must travel up untouched, never be retried as if the link had hiccuped.
 */
import { OtaError } from '../errors.ts';
import { FlashError } from '../ports/flash.ts';

const DEVICE_STOPPED = new Set(['PowerLoss', 'DeviceReset']);

const CODES: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

export function isNetworkFailure(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  if (err instanceof OtaError || err instanceof FlashError) return false;
  return !DEVICE_STOPPED.has(err.name);
}

/** One phrase for a log line or an error message; `timeoutMs` when waiting for a response. */
export function describeNetworkFailure(err: Error, timeoutMs?: number): string {
  if (err.name === 'TimeoutError') return timeoutMs ? `no response within ${timeoutMs / 1000} s` : 'stalled (no data within the timeout)';
  const cause = (err as { cause?: unknown }).cause;
  // The same failure reads the same whatever the fetch underneath (undici, msw): say it by its code.
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && CODES[code]) return `${CODES[code]} (${code})`;
  const detail = cause instanceof Error && cause.message !== '' ? ` (${cause.message})` : '';
  return `${err.message || err.name}${detail}`;
}
