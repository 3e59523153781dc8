import { describe, expect, it } from 'vitest';
import { decodeLed } from './decode.ts';
import type { LedWrite } from './recorder.ts';

/** Pin writes for pulses [onMs, offMsAfter] starting at `atMs`. */
function writes(atMs: number, pulses: [number, number][]): LedWrite[] {
  const out: LedWrite[] = [];
  let t = atMs * 1000;
  for (const [on, off] of pulses) {
    out.push({ atUs: t, on: true });
    t += on * 1000;
    out.push({ atUs: t, on: false });
    t += off * 1000;
  }
  return out;
}

describe('LED timeline decoding', () => {
  it('names each pattern of docs/SPEC.md §10 from its pin writes', () => {
    const w = [
      ...writes(0, [[500, 100], [500, 0]]), // rollback
      ...writes(5_000, [[100, 100], [100, 0]]), // checking
      ...writes(6_000, [[30, 0]]), // downloading
      ...writes(6_100, [[30, 0]]), // downloading (100 ms later: still one pulse each)
      ...writes(7_000, [[812, 0]]), // committing (steady)
      ...writes(7_900, [[100, 100], [100, 100], [100, 0]]), // success
      ...writes(20_000, [[500, 0]]), // error
    ];
    expect(decodeLed(w, 30_000_000)).toEqual(['rollback', 'checking', 'downloading', 'downloading', 'committing', 'success', 'error']);
  });

  it('keeps groups apart when the gap is longer than 150 ms, and names a shape no pattern has', () => {
    expect(decodeLed(writes(0, [[100, 151], [100, 0]]), 1_000_000)).toEqual(['unknown(quick×1)', 'unknown(quick×1)']);
    expect(decodeLed(writes(0, [[100, 100], [100, 100], [100, 100], [100, 0]]), 1_000_000)).toEqual(['unknown(quick×4)']);
  });

  it('reads an LED still lit at the end of the run (a commit cut by power) as steady, and ignores repeated writes', () => {
    const w: LedWrite[] = [{ atUs: 0, on: false }, { atUs: 10, on: true }, { atUs: 20, on: true }];
    expect(decodeLed(w, 300_010)).toEqual(['committing']);
  });
});
