/**
 * refused-unwritten — no byte of a response the updater must refuse reaches a flash write: a
 * non-2xx answer (an error page, a redirect's body) or a page a link fault put in the server's
 * place (a captive portal, a substituted status). The status, or a Content-Length that contradicts
 * the expected size, tells such a response apart before its body is read; one written to a
 * `.part` and only later removed by the hash check has already worn the flash and sat in a file.
 *
 * A write is judged to carry a refused body when its bytes (at least MIN_RUN of them, or the whole
 * body when it is shorter) occur in that body: every updater writes a response's body in pieces of
 * at most `chunk` bytes, each of them then a run of the body. A write of the updater's own files
 * (JSON state, a file's verified bytes) is not a run of an error page by accident at that length.
 */
import { Buffer } from 'node:buffer';
import type { Facts, Verdict } from './types.ts';

/** Shortest run of a refused body that counts as that body reaching flash. */
export const MIN_RUN = 16;

export function checkRefusedUnwritten(f: Facts): Verdict[] {
  const writes = f.run.flashWrites ?? [];
  const out: Verdict[] = [];
  f.run.requests.forEach((req, i) => {
    const body = req.refusedBody;
    if (body === undefined || body.length < 8) return;
    const page = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const least = Math.min(MIN_RUN, body.length);
    const hit = writes.find((w) => w.bytes.length >= least && page.indexOf(Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength)) !== -1);
    if (hit === undefined) return;
    const answered = req.fault !== undefined ? `the link fault ${req.fault}'s page (HTTP ${req.status})` : `HTTP ${req.status}`;
    out.push({ invariant: 'refused-unwritten', message: `request ${i + 1} (${req.method} ${req.url}) was answered by ${answered}, and ${hit.bytes.length} bytes of that body were written to ${hit.path} (op ${hit.op})` });
  });
  return out;
}
