/**
 * Link faults: what goes wrong between the device and the server. A fault matches requests by
 * their 1-based number within the run (`nth`) and/or a substring of the URL, and applies `times`
 * times (default 1).
 */
export interface RequestMatch {
  /**
   * The fault may fire from request `nth` on: alone it hits exactly request `nth` (or `nth`…
   * `nth+times-1`); with `urlIncludes`, the first matching requests at or after `nth`.
   */
  nth?: number;
  urlIncludes?: string;
  times?: number;
}

export type LinkFault =
  | ({ kind: 'status'; status: number; retryAfterS?: number } & RequestMatch)
  /** The body stops after `afterBytes` bytes: the reader errors (connection dropped). */
  | ({ kind: 'drop'; afterBytes: number } & RequestMatch)
  /** Connection reset before any response. */
  | ({ kind: 'reset' } & RequestMatch)
  /** DNS or TLS failure: the fetch rejects. */
  | ({ kind: 'dns' } & RequestMatch)
  /** A captive portal: status 200, text/html body. */
  | ({ kind: 'html' } & RequestMatch)
  /** Flip one bit of body byte `byte`. */
  | ({ kind: 'corrupt'; byte: number } & RequestMatch)
  /** The body ends cleanly but early, after `afterBytes` bytes (Content-Length still the full size). */
  | ({ kind: 'truncate'; afterBytes: number } & RequestMatch)
  /** No response for `delayMs` of virtual time before answering (a stall). */
  | ({ kind: 'stall'; delayMs: number } & RequestMatch)
  /**
   * The board loses power once `afterBytes` body bytes of a matching response reached it. Only
   * bodies longer than `afterBytes` count, and a use is spent only when the cut lands: a body the
   * board abandons first, or a board that dies first, leaves it for the next matching response.
   */
  | ({ kind: 'power-cut-at-bytes'; afterBytes: number } & RequestMatch);

export interface LinkSpec {
  latencyMs?: number;
  bandwidthBytesPerS?: number;
}
