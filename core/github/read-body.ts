/**
 * Reading a whole (small) response body: JSON from the API, a manifest asset. Bounded twice: a
 * Content-Length above the cap is refused before a byte is read, and the read itself is counted
 * and stopped past the cap (a chunked response has no Content-Length: the predecessor parsed it
 * whole and could run out of memory).
 */
import { OtaError } from '../errors.ts';
import type { ErrorCode } from '../outcome.ts';
import { describeNetworkFailure, isNetworkFailure } from './network-error.ts';
import { discard } from './transport.ts';
import { hostOf } from './urls.ts';

export interface ReadLimit {
  capBytes: number;
  /** The code for a body over the cap (TREE_TOO_LARGE for trees, BAD_RESPONSE otherwise). */
  code: ErrorCode;
}

/** The predecessor's wording, kept (test_tree_size asserts it). */
export function tooLarge(code: ErrorCode, bytes: number, capBytes: number): OtaError {
  return new OtaError(code, `Response too large: ${bytes} bytes (limit: ${Math.floor(capBytes / 1024)} KB)`, { bytes, capBytes });
}

/**
 * `feed` runs after every chunk: on a slow link a large body (a tree listing) takes longer than
 * the watchdog period to arrive, and an unfed read reset the board on every boot.
 */
export async function readCapped(res: Response, what: string, limit: ReadLimit, feed: () => void): Promise<Uint8Array> {
  const declared = res.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit.capBytes) {
    discard(res);
    throw tooLarge(limit.code, Number(declared), limit.capBytes);
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (err) {
      if (!isNetworkFailure(err)) throw err;
      throw new OtaError('NETWORK', `connection dropped while reading ${what} after ${total} bytes: ${describeNetworkFailure(err)}`, { url: res.url });
    }
    feed();
    if (step.done) break;
    total += step.value.length;
    if (total > limit.capBytes) {
      reader.cancel().catch(() => {}); // not awaited: see discard()
      throw tooLarge(limit.code, total, limit.capBytes);
    }
    parts.push(step.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Refuses anything that does not say it is JSON: a captive portal answers 200 with its login page. */
export function checkJsonType(res: Response, url: string): void {
  const type = res.headers.get('content-type') ?? '';
  if (JSON_TYPE.test(type)) return;
  if (/^text\/html/i.test(type)) {
    throw new OtaError('BAD_RESPONSE', `got an HTML page instead of JSON — captive portal or proxy? (from ${hostOf(url)})`, { url, contentType: type });
  }
  throw new OtaError('BAD_RESPONSE', `expected JSON from ${hostOf(url)}, got content-type ${JSON.stringify(type)}`, { url, contentType: type });
}

export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new OtaError('BAD_RESPONSE', `${what} is not valid UTF-8`);
  }
}

export async function readJson(res: Response, url: string, what: string, limit: ReadLimit, feed: () => void): Promise<unknown> {
  try {
    checkJsonType(res, url);
  } catch (err) {
    discard(res);
    throw err;
  }
  const text = decodeUtf8(await readCapped(res, what, limit, feed), what);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new OtaError('BAD_RESPONSE', `${what} is not valid JSON: ${(err as Error).message}`, { url });
  }
}
