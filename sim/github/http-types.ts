/**
 * The synchronous HTTP exchange every fake-network piece speaks: the GitHub model answers it,
 * the link wraps it, and the adapters (direct fetch, msw, later a socket shim and node:http)
 * translate to and from it. Synchronous so the MicroPython target can drive it from inside
 * the WebAssembly interpreter without an event loop.
 */
export interface SimRequest {
  method: string;
  url: string;
  /** Header names lower-case. */
  headers: Record<string, string>;
  /** The public address the request comes from (a NAT's, in a fleet); absent: the one address every board shares. */
  from?: string;
}

export interface SimResponse {
  status: number;
  /** Header names lower-case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

const utf8 = new TextEncoder();

export function jsonBytes(value: unknown): Uint8Array {
  return utf8.encode(JSON.stringify(value));
}

export function textBytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Lower-cases header names, the form SimRequest promises. */
export function lowerCaseHeaders(headers: Iterable<[string, string]> | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Symbol.iterator in headers ? (headers as Iterable<[string, string]>) : Object.entries(headers);
  for (const [k, v] of entries) out[k.toLowerCase()] = v;
  return out;
}
