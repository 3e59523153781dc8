import { describe, expect, it } from 'vitest';
import { buildFacts } from './facts.ts';
import { checkRecorded } from './recorded.ts';
import { baseScenario, boardV1, boardV2, boot, ctx, run } from './oracle-fixtures.ts';

const check = (r: ReturnType<typeof run>) => checkRecorded(buildFacts(baseScenario(), r, ctx));
const OURS = '{"errors": [{"time": 5, "phase": "download", "code": "NETWORK", "message": "dropped"}], "format": 2}';
const LEGACY = '{"errors": ["OTA update failed: timeout"]}';

describe('recorded', () => {
  it('needs nothing for a successful update', () => {
    expect(check(run(boardV2()))).toEqual([]);
  });

  it('fails a failed boot outcome without any record', () => {
    const verdicts = check(run(boardV1(), [boot(1, boardV1(), 'idle', 'failed: NETWORK')]));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain('failed: NETWORK');
  });

  it('fails a board silently left on the old version', () => {
    expect(check(run(boardV1(), [boot(1, boardV1(), 'idle', 'up-to-date')]))).toHaveLength(1);
  });

  it('accepts our record format and the predecessor list of strings', () => {
    const boots = [boot(1, boardV1(), 'idle', 'failed: NETWORK')];
    expect(check(run(boardV1({ 'ota_error.json': OURS }), boots))).toEqual([]);
    expect(check(run(boardV1({ 'ota_error.json': LEGACY }), boots))).toEqual([]);
  });

  it('fails an unreadable ota_error.json or one with an empty list', () => {
    const boots = [boot(1, boardV1(), 'idle', 'failed: NETWORK')];
    expect(check(run(boardV1({ 'ota_error.json': '{"errors": [' }), boots))[0]!.message).toContain('not JSON');
    expect(check(run(boardV1({ 'ota_error.json': '{"errors": []}' }), boots))).toHaveLength(1);
  });

  it('lets a deferral (battery low) stay on the old version without a record', () => {
    expect(check(run(boardV1(), [boot(1, boardV1(), 'idle', 'deferred: battery 10% < 30%')]))).toEqual([]);
  });

  it('accepts no record when the flash could not take one (full), but not otherwise', () => {
    const boots = [boot(1, boardV1(), 'idle', 'failed: FLASH')];
    expect(check(run(boardV1(), boots, { flashFull: true }))).toEqual([]);
    expect(check(run(boardV1(), boots, { flashFull: false }))).toHaveLength(1);
    expect(check(run(boardV1(), boots))).toHaveLength(1);
    // A torn record is not "no record".
    expect(check(run(boardV1({ 'ota_error.json': '{"errors": [' }), boots, { flashFull: true }))).toHaveLength(1);
  });

  describe('the ring keeps the newest records', () => {
    const rec = (t: number) => ({ time: t, phase: 'download', code: 'HASH_MISMATCH', message: 'x' });
    const ring = (...times: number[]) => new TextEncoder().encode(JSON.stringify({ errors: times.map(rec), format: 2 }));
    const judge = (...writes: Uint8Array[]) =>
      check(run(boardV1({ 'ota_error.json': '{"errors": [{"code": "HASH_MISMATCH", "message": "x"}]}' }), [boot(1, boardV1(), 'idle', 'failed: HASH_MISMATCH')], { errorLogWrites: writes.map((bytes, op) => ({ op, boot: 1, bytes })) }));

    it('accepts appends that drop the oldest past the limit, and one event recorded twice in a second', () => {
      expect(judge(ring(1), ring(1, 2), ring(2, 3), ring(3, 4))).toEqual([]);
      expect(judge(ring(1), ring(1, 1), ring(1, 1))).toEqual([]);
    });

    it('fails a rewrite that dropped the new record (kept the oldest)', () => {
      expect(judge(ring(1), ring(1, 2), ring(1, 2))[0]!.message).toMatch(/op 2 does not keep the newest records/);
    });

    it('fails a rewrite that kept an older record over a newer one', () => {
      expect(judge(ring(1), ring(1, 2), ring(1, 3))[0]!.message).toMatch(/op 2 does not keep the newest records/);
    });

    it('fails a rewrite that appears to add two records at once', () => {
      expect(judge(ring(1), ring(1, 2, 3))[0]!.message).toMatch(/more than one new/);
    });
  });
});

