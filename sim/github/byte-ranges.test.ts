import { describe, expect, it } from 'vitest';
import { answerRange } from './byte-ranges.ts';
import type { SimResponse } from './http-types.ts';

const body = Uint8Array.from({ length: 100 }, (_, i) => i);
const ok: SimResponse = { status: 200, headers: { etag: '"abc"', 'content-length': '100' }, body };
const get = (headers: Record<string, string>) => ({ method: 'GET', url: 'https://raw.example/f', headers });

describe('answerRange (Range / If-Range on the content hosts)', () => {
  it('answers bytes=N- with 206, Content-Range and the rest of the body', () => {
    const r = answerRange(get({ range: 'bytes=90-', 'if-range': '"abc"' }), ok);
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 90-99/100');
    expect(r.headers['content-length']).toBe('10');
    expect([...r.body]).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
  });
  it('an If-Range naming another ETag (the file changed) gets the whole 200', () => {
    const r = answerRange(get({ range: 'bytes=90-', 'if-range': '"old"' }), ok);
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(100);
  });
  it('a weak ETag never satisfies If-Range', () => {
    const weak = { ...ok, headers: { ...ok.headers, etag: 'W/"abc"' } };
    expect(answerRange(get({ range: 'bytes=10-', 'if-range': 'W/"abc"' }), weak).status).toBe(200);
  });
  it('a range past the end is 416; mode ignore answers 200; mode wrong-content-range names another range', () => {
    expect(answerRange(get({ range: 'bytes=100-' }), ok).status).toBe(416);
    expect(answerRange(get({ range: 'bytes=10-' }), ok, 'ignore').status).toBe(200);
    expect(answerRange(get({ range: 'bytes=10-' }), ok, 'wrong-content-range').headers['content-range']).toBe('bytes 9-99/100');
  });
});
