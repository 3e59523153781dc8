import { describe, expect, it } from 'vitest';
import { readTree, testPorts, writeTree, useTempRoots } from '../commit/test-kit.ts';
import { FlashError, type Flash } from '../ports/flash.ts';
import { readErrors, recordError } from './error-log.ts';
import { readOtaState, writeOtaState } from './ota-state.ts';

const root = useTempRoots();

describe('recordError', () => {
  it('writes format 2 with time in epoch seconds and the documented key order', async () => {
    const r = root();
    await recordError(testPorts(r.flash, 1_700_000_000_999), { phase: 'download', code: 'HASH_MISMATCH', message: 'bad app.py', path: 'app.py' }, { limit: 3 });
    expect(readTree(r.dir)['ota_error.json']).toBe(
      '{"errors": [{"time": 1700000000, "phase": "download", "code": "HASH_MISMATCH", "message": "bad app.py", "path": "app.py"}], "format": 2}',
    );
  });

  it('keeps a ring of the newest `limit` records, newest last', async () => {
    const r = root();
    const ports = testPorts(r.flash);
    for (let i = 1; i <= 5; i++) await recordError(ports, { phase: 'check', code: 'NETWORK', message: `attempt ${i}` }, { limit: 3 });
    expect((await readErrors(r.flash)).map((e) => e.message)).toEqual(['attempt 3', 'attempt 4', 'attempt 5']);
  });

  it('never writes the token, wherever it appears', async () => {
    const r = root();
    const token = 'ghp_SECRETsecret123';
    await recordError(
      testPorts(r.flash),
      { phase: 'check', code: 'UNAUTHORIZED', message: `GET with Bearer ${token} failed`, url: `https://x/?t=${token}`, nested: { [token]: [token] } },
      { limit: 5, token },
    );
    const text = readTree(r.dir)['ota_error.json']!;
    expect(text).not.toContain('SECRET');
    expect(text).toContain('Bearer [redacted] failed');
  });

  it('keeps the predecessor history: its strings become legacy records', async () => {
    const r = root();
    writeTree(r.dir, { 'ota_error.json': '{"errors": ["OTA update failed: boom", "Restore failed: x"]}' });
    await recordError(testPorts(r.flash), { phase: 'check', code: 'NETWORK', message: 'new' }, { limit: 10 });
    const errors = await readErrors(r.flash);
    expect(errors.map((e) => [e.message, e.legacy ?? false])).toEqual([
      ['OTA update failed: boom', true],
      ['Restore failed: x', true],
      ['new', false],
    ]);
  });

  it('with dedupe, does not repeat the same event (a recovery step replayed after a cut)', async () => {
    const r = root();
    const ports = testPorts(r.flash);
    const rec = { phase: 'recovery' as const, code: 'RECOVERY' as const, message: 'x', target: 'c2' };
    expect(await recordError(ports, rec, { limit: 5, dedupe: true })).toBe(true);
    expect(await recordError(ports, rec, { limit: 5, dedupe: true })).toBe(false);
    expect(await readErrors(r.flash)).toHaveLength(1);
  });

  it('returns false instead of throwing when the flash is full', async () => {
    const r = root();
    const full: Flash = { ...r.flash, openWrite: async (p) => { throw new FlashError('ENOSPC', 'open', p); } };
    const ports = testPorts(full);
    expect(await recordError(ports, { phase: 'commit', code: 'NO_SPACE', message: 'full' }, { limit: 5 })).toBe(false);
    expect(ports.events.some((e) => e.event === 'error.record_failed')).toBe(true);
  });

  it('reads garbage as no history', async () => {
    const r = root();
    writeTree(r.dir, { 'ota_error.json': '{{{' });
    expect(await readErrors(r.flash)).toEqual([]);
  });
});

describe('ota_state.json', () => {
  it('round-trips and reads a broken file as nothing known', async () => {
    const r = root();
    expect(await readOtaState(r.flash)).toEqual({ rate_limited_until: null, last_check: null, lookup: null, failures: 0, next_check_at: null, unreadableUntil: null, unreadableLookup: null });
    await writeOtaState(r.flash, { rate_limited_until: 1_700_000_060_000, last_check: null });
    expect(readTree(r.dir)['ota_state.json']).toBe('{"format": 1, "rate_limited_until": 1700000060000, "last_check": null}');
    expect(await readOtaState(r.flash)).toEqual({ rate_limited_until: 1_700_000_060_000, last_check: null, lookup: null, failures: 0, next_check_at: null, unreadableUntil: null, unreadableLookup: null });
    writeTree(r.dir, { 'ota_state.json': 'nope' });
    expect(await readOtaState(r.flash)).toEqual({ rate_limited_until: null, last_check: null, lookup: null, failures: 0, next_check_at: null, unreadableUntil: null, unreadableLookup: null });
  });

  it('names a rate_limited_until that is there but not a time (the gate drops it as corrupt)', async () => {
    const r = root();
    writeTree(r.dir, { 'ota_state.json': '{"format": 1, "rate_limited_until": "soon", "last_check": 5}' });
    expect(await readOtaState(r.flash)).toEqual({ rate_limited_until: null, last_check: 5, lookup: null, failures: 0, next_check_at: null, unreadableUntil: 'is "soon", not a time', unreadableLookup: null });
  });

  it('keeps a lookup record (the ETag of the last ref lookup) and names a garbled one', async () => {
    const r = root();
    const lookup = { path: 'git/ref/heads/main', etag: 'W/"abc"', commit: 'c'.repeat(40) };
    await writeOtaState(r.flash, { rate_limited_until: null, last_check: null, lookup });
    expect(readTree(r.dir)['ota_state.json']).toBe(`{"format": 1, "rate_limited_until": null, "last_check": null, "lookup": {"path": "git/ref/heads/main", "etag": "W/\\"abc\\"", "commit": "${'c'.repeat(40)}"}}`);
    expect((await readOtaState(r.flash)).lookup).toEqual(lookup);
    for (const [bad, why] of [['"x"', 'not an object'], [`{"path": "p", "etag": "*", "commit": "${'c'.repeat(40)}"}`, 'etag'], [`{"path": "p", "etag": "\\"e\\""}`, '40-hex'], [`{"path": "p", "etag": "a\\nb", "commit": "${'c'.repeat(40)}"}`, 'etag']] as const) {
      writeTree(r.dir, { 'ota_state.json': `{"format": 1, "lookup": ${bad}}` });
      const read = await readOtaState(r.flash);
      expect(read.lookup).toBeNull();
      expect(read.unreadableLookup).toContain(why);
    }
  });
});
