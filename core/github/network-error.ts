/**
 * Telling a dropped connection from everything else. Any rejection of `fetch` or of a body read
 * is a network failure (undici says "fetch failed" / "terminated", msw rethrows whatever a test
 * injected), except our own errors and a device that stopped (`DeviceStopped`, the ports' signal
 * for a power loss or reset): it must travel up untouched, never be retried as if the link had
 * hiccuped.
 */
import { OtaError } from '../errors.ts';
import { FlashError } from '../ports/flash.ts';
import { DeviceStopped } from '../ports/system.ts';

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
  return !(err instanceof OtaError || err instanceof FlashError || err instanceof DeviceStopped);
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
