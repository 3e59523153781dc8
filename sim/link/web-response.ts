/**
 * Turning a link exchange into what WHATWG fetch would give: a Response whose body streams in
 * chunks (charging bandwidth as each is read) and is cut as the exchange says, or the errors
 * undici raises. Shared by the direct adapter and the msw handlers so both behave alike.
 */
import type { SimResponse } from '../github/http-types.ts';
import type { BodyCut, PowerCutAt } from './link.ts';

/** Statuses whose Response must have a null body (the constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);
/** Body chunk size: small enough that time advances steadily on a slow link. */
export const CHUNK_BYTES = 4096;

export interface BandwidthMeter {
  deliver(bytes: number): void;
}

/** What undici rejects with when the connection fails: TypeError('fetch failed') with a coded cause. */
export function fetchFailed(kind: 'reset' | 'dns', host: string): TypeError {
  const cause = kind === 'reset'
    ? Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' })
    : Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: host });
  return new TypeError('fetch failed', { cause });
}

/** As `AbortSignal.timeout` reports it. */
export function timeoutError(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/** What a body reader sees when undici's socket closes mid-body. */
export function bodyDropped(): TypeError {
  return new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
}

export function bodyStream(meter: BandwidthMeter, body: Uint8Array, cut?: BodyCut, powerCut?: PowerCutAt): ReadableStream<Uint8Array> {
  const end = cut ? Math.min(cut.afterBytes, body.length) : body.length;
  let offset = 0;
  let landed = false;
  // highWaterMark 0: nothing is pulled (or charged) before the reader asks, so a drop lands
  // exactly after `afterBytes` delivered bytes (platform notes).
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        // A byte cut lands once its bytes went through: the board then dies before the next read
        // returns (deliver throws PowerLoss), and whatever it does with the chunk hits a dead flash.
        if (powerCut && !landed && offset === powerCut.afterBytes) {
          landed = true;
          powerCut.land();
        }
        if (offset < end) {
          const upTo = powerCut && !landed ? Math.min(end, powerCut.afterBytes) : end;
          const n = Math.min(CHUNK_BYTES, upTo - offset);
          meter.deliver(n);
          controller.enqueue(body.slice(offset, offset + n));
          offset += n;
          if (powerCut && !landed && offset === powerCut.afterBytes) {
            landed = true;
            powerCut.land();
          }
        } else if (cut?.mode === 'drop' && cut.afterBytes < body.length) {
          // A drop after the whole body went through is no drop: undici ends the body once
          // Content-Length bytes arrived, as a board's client does (found by `sim diff`).
          controller.error(bodyDropped());
        } else {
          controller.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
}

export function toWebResponse(meter: BandwidthMeter, res: SimResponse, method: string, cut?: BodyCut, powerCut?: PowerCutAt): Response {
  const nullBody = NULL_BODY.has(res.status) || method === 'HEAD';
  return new Response(nullBody ? null : bodyStream(meter, res.body, cut, powerCut), { status: res.status, headers: res.headers });
}
