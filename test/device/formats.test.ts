// The device writes and reads the same bytes as core: canonical JSON and the manifest HMAC,
// git blob SHA-1 of files on flash, version.json, the journal, the error ring, repo-path checks
// and Git tree hashes. Inputs are drawn at random (fast-check) and core's function is the oracle.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hmacSha256Hex, pythonCanonicalJson } from '../../core/manifest/canonical.ts';
import { serializeJournal } from '../../core/journal/journal-file.ts';
import { parseJournal } from '../../core/journal/parse.ts';
import { checkRepoPath } from '../../core/paths/check-repo-path.ts';
import { isPermitted, isReserved } from '../../core/paths/index.ts';
import { pyJsonDumps, serializeVersion } from '../../core/state/index.ts';
import { treeSha } from '../../core/github/tree-hash.ts';
import { loadDevice, type Device } from './harness.ts';

let dev: Device;
beforeAll(async () => {
  dev = await loadDevice();
  dev.run('import json\nimport otalab_recover as R\nfrom otalab import manifest as M, paths as PA, tree as T');
});

/** Hands a JSON value to Python as `_v` (through json.loads, as the device reads it). */
const give = (v: unknown) => dev.mp.globals.set('_text', JSON.stringify(v));
const py = (code: string) => dev.eval(`_v = json.loads(_text)\n${code}`);

// Strings of any Unicode scalar values (MicroPython strings cannot hold lone surrogates).
const text = fc.string({ unit: 'binary', maxLength: 12 });
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.maxSafeInteger(), text, tie('list'), tie('dict')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  dict: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
})).value;

describe('manifest canonical JSON and HMAC', () => {
  it('equal core for any JSON value without floats', () => {
    fc.assert(
      fc.property(json, text, (v, key) => {
        give(v);
        dev.mp.globals.set('_key', key);
        const [canon, mac] = JSON.parse(py('_out = json.dumps([M.canonical_json(_v), M.hmac_sha256_hex(_key.encode(), M.canonical_json(_v).encode())])')) as [string, string];
        expect(canon).toBe(pythonCanonicalJson(v));
        expect(mac).toBe(hmacSha256Hex(key, pythonCanonicalJson(v)));
      }),
      { numRuns: 150 },
    );
  });

  it('matches a key longer than the HMAC block and a manifest signature made by core', () => {
    const manifest = { version: 'v2', files: [{ path: 'main.py', size: 3, sha256: 'a'.repeat(64) }] };
    const key = 'k'.repeat(100);
    give(manifest);
    dev.mp.globals.set('_key', key);
    expect(py('_out = M.signature_of(_v, _key)')).toBe(hmacSha256Hex(key, pythonCanonicalJson(manifest)));
  });

  it('refuses a float instead of signing bytes it cannot reproduce', () => {
    expect(() => dev.run("M.canonical_json({'a': 1.5})")).toThrow(/ValueError/);
  });
});

describe('blob SHA-1 of files on flash', () => {
  it('equals git hash-object for any content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        dev.write('blob.bin', bytes);
        const [size, sha1, sha256] = JSON.parse(dev.eval("_out = json.dumps(R.hash_file('blob.bin', 256))")) as [number, string, string];
        expect(size).toBe(bytes.length);
        expect(sha1).toBe(createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'));
        expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 40 },
    );
  });
});

const sha = fc.stringMatching(/^[0-9a-f]{40}$/);
const path = fc.array(fc.stringMatching(/^[a-z0-9_.é\u{1F600}-]{1,6}$/u), { minLength: 1, maxLength: 3 }).map((s) => s.join('/')).filter((p) => checkRepoPath(p) === null);

describe('version.json', () => {
  it('is byte-identical to core serializeVersion', () => {
    const version = fc.record(
      { ref: text, commit: sha, files: fc.dictionary(path, sha, { maxKeys: 5 }), rejected: fc.array(sha, { maxLength: 7 }) },
      { requiredKeys: ['ref', 'commit'] },
    );
    fc.assert(
      fc.property(version, (v) => {
        give(v);
        expect(py('_out = R.serialize_version(_v)')).toBe(serializeVersion(v));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the predecessor bytes without the optional keys', () => {
    give({ ref: 'ref123', commit: 'c1' });
    expect(py('_out = R.serialize_version(_v)')).toBe('{"ref": "ref123", "commit": "c1"}');
  });
});

describe('ota_journal.json', () => {
  const op = fc.oneof(
    fc.record({ op: fc.constant('add' as const), path, sha, size: fc.nat() }),
    // `backup: 'copy'` present or absent (core writes the key only when present).
    fc.record({ op: fc.constant('replace' as const), path, sha, size: fc.nat(), old_sha: sha, backup: fc.constant('copy' as const) }, { requiredKeys: ['op', 'path', 'sha', 'size', 'old_sha'] }),
    fc.record({ op: fc.constant('delete' as const), path, old_sha: sha }),
  );
  const journal = fc.record({
    format: fc.constant(1 as const),
    phase: fc.constantFrom('apply' as const, 'trial' as const, 'rollback' as const, 'cleanup' as const),
    target: fc.record({ ref: text, commit: sha }),
    previous: fc.option(fc.record({ ref: text, commit: sha }), { nil: null }),
    previous_files: fc.option(fc.dictionary(path, sha, { maxKeys: 3 }), { nil: null }),
    target_files: fc.dictionary(path, sha, { maxKeys: 3 }),
    rejected: fc.array(sha, { maxLength: 2 }),
    stage_dir: fc.constant('.ota_stage'),
    backup_dir: fc.constant('.ota_backup'),
    mkdirs: fc.array(path, { maxLength: 2 }),
    ops: fc.array(op, { maxLength: 4 }),
    boots: fc.nat(9),
    max_boots: fc.nat(9),
    error_limit: fc.nat(20),
    created: fc.nat(),
  });

  it('round-trips: core text → device parse → device text is core text', () => {
    fc.assert(
      fc.property(journal, fc.option(fc.nat(5), { nil: undefined }), (j, losses) => {
        const core = serializeJournal(losses === undefined ? j : { ...j, power_losses: losses });
        dev.mp.globals.set('_text', core);
        const out = py("_j, _why = R.parse_journal(_v)\n_out = _why or R.serialize_journal(_j)");
        expect(out).toBe(core);
        expect(parseJournal(JSON.parse(out)).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses what core refuses', () => {
    const base = JSON.parse(serializeJournal({ format: 1, phase: 'apply', target: { ref: 'v2', commit: 'c2' }, previous: null, previous_files: null, target_files: {}, rejected: [], stage_dir: '.ota_stage', backup_dir: '.ota_backup', mkdirs: [], ops: [], boots: 0, max_boots: 3, error_limit: 10, created: 1 })) as Record<string, unknown>;
    const A = 'a'.repeat(40);
    for (const patch of [{ stage_dir: '' }, { backup_dir: '../up' }, { backup_dir: '.ota_stage/b' }, { phase: 'done' }, { format: 2 }, { ops: [{ op: 'add', path: '/etc/x', sha: A, size: 1 }] }, { ops: [{ op: 'move', path: 'x', sha: A }] }, { ops: [{ op: 'add', path: 'x', sha: 'short', size: 1 }] }, { mkdirs: ['a//b'] }, { boots: -1 }, { rollback: { code: 1 } }, { ops: [{ op: 'replace', path: 'boot.py', sha: A, size: 1, old_sha: A, backup: 'move' }] }, { ops: [{ op: 'replace', path: 'boot.py', sha: A, size: 1, old_sha: A, backup: null }] }]) {
      const v = { ...base, ...patch };
      expect(parseJournal(v).ok).toBe(false);
      give(v);
      expect(py('_j, _why = R.parse_journal(_v)\n_out = str(_j is None)'), JSON.stringify(patch)).toBe('True');
    }
  });

  it('keeps "backup": "copy" on a replace, right after old_sha, and gives core\'s reason for a bad one', () => {
    const A = 'a'.repeat(40);
    const B = 'b'.repeat(40);
    const j = { format: 1 as const, phase: 'apply' as const, target: { ref: 'v2', commit: B }, previous: null, previous_files: null, target_files: {}, rejected: [], stage_dir: '.ota_stage', backup_dir: '.ota_backup', mkdirs: [], boots: 0, max_boots: 3, error_limit: 10, created: 1 };
    const core = serializeJournal({ ...j, ops: [{ op: 'replace', path: 'boot.py', sha: B, size: 3, old_sha: A, backup: 'copy' }, { op: 'replace', path: 'main.py', sha: B, size: 3, old_sha: A }] });
    // Written by hand from SPEC: the key follows old_sha, and only the copy-backed op has it.
    expect(core).toContain(`{"op": "replace", "path": "boot.py", "sha": "${B}", "size": 3, "old_sha": "${A}", "backup": "copy"}, {"op": "replace", "path": "main.py", "sha": "${B}", "size": 3, "old_sha": "${A}"}]`);
    dev.mp.globals.set('_text', core);
    expect(JSON.parse(py("_j, _why = R.parse_journal(_v)\n_out = json.dumps([_why, [o.get('backup') for o in _j['ops']], R.serialize_journal(_j)])"))).toEqual([null, ['copy', null], core]);
    const bad = { ...JSON.parse(core), ops: [{ op: 'replace', path: 'boot.py', sha: 'short', size: 3, old_sha: A, backup: 'move' }] };
    // The backup is refused before the bad sha, by both.
    expect(parseJournal(bad)).toEqual({ ok: false, reason: 'ops: backup of boot.py must be "copy"' });
    give(bad);
    expect(py('_j, _why = R.parse_journal(_v)\n_out = _why')).toBe('ops: backup of boot.py must be "copy"');
  });
});

describe('ota_error.json', () => {
  it('writes the ring as core pyJsonDumps does, newest last, bounded, redacted', () => {
    dev.run("R.remove_if_exists('ota_error.json')");
    const recs = [
      { time: 1700000000, phase: 'download', code: 'HASH_MISMATCH', message: 'lib/util.py: blob SHA-1 mismatch', path: 'lib/util.py' },
      { time: 1700000750, phase: 'trial', code: 'TRIAL_FAILED', message: 'Version x was not confirmed', target: 'c2' },
      { time: 1700000800, phase: 'check', code: 'UNAUTHORIZED', message: 'token s3cret rejected é' },
    ];
    for (const r of recs) {
      give(r);
      dev.run(`_v = json.loads(_text)\nR.record_error(_v, 2, 's3cret')`);
    }
    const expected = pyJsonDumps({ errors: [recs[1], { ...recs[2], message: 'token [redacted] rejected é' }], format: 2 });
    expect(dev.read('ota_error.json')).toBe(expected);
    // dedupe: the same event again (another time) is not written twice
    give({ ...recs[2], time: 1 });
    expect(py("_out = str(R.record_error(_v, 2, 's3cret', True))")).toBe('False');
  });
});

describe('paths', () => {
  const anyPath = fc.oneof(path, fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('', '/a', 'a//b', 'a/./b', '../x', 'C:x', 'a\\b', 'a/', 'x'.repeat(256)));
  it('check_repo_path refuses exactly what core refuses, with the same reason', () => {
    fc.assert(
      fc.property(anyPath, (p) => {
        dev.mp.globals.set('_p', p);
        const why = dev.eval('_r = R.check_repo_path(_p)\n_out = "" if _r is None else _r');
        expect(why === '' ? null : why).toBe(checkRepoPath(p));
      }),
      { numRuns: 200 },
    );
  });

  it('allow/ignore and reserved names decide as core', () => {
    const rules = fc.array(fc.constantFrom('lib', 'lib/x', 'main.py', 'data', '*'), { maxLength: 3 });
    const p = fc.constantFrom('lib', 'lib/x', 'lib/x/y.py', 'library/z', 'main.py', 'data/a', 'version.json', 'Version.JSON', '.ota_stage/a', '.ota', 'ota_config.json.tmp', 'x.tmp');
    fc.assert(
      fc.property(p, rules, rules, (q, allow, ignore) => {
        dev.mp.globals.set('_text', JSON.stringify([q, allow, ignore]));
        const got = JSON.parse(dev.eval("_q, _a, _i = json.loads(_text)\n_out = json.dumps([PA.is_permitted(_q, _a, _i), PA.is_reserved(_q, '.ota_stage', '.ota/b')])"));
        expect(got).toEqual([isPermitted(q, allow, ignore), isReserved(q, { stage_dir: '.ota_stage', backup_dir: '.ota/b' })]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('Git tree hashes', () => {
  it('tree_sha equals core treeSha, directories sorted as "name/"', () => {
    const children = [
      { name: 'a.py', mode: '100644', sha: 'a'.repeat(40), isTree: false },
      { name: 'a', mode: '040000', sha: 'b'.repeat(40), isTree: true },
      { name: 'a-b', mode: '100755', sha: 'c'.repeat(40), isTree: false },
      { name: 'é', mode: '120000', sha: 'd'.repeat(40), isTree: false },
    ];
    give(children.map((c) => [c.name, c.mode, c.sha, c.isTree]));
    const got = py('_out = T.tree_sha([(c[0].encode(), c[1], c[2], c[3]) for c in _v])');
    expect(got).toBe(treeSha(children.map((c) => ({ ...c, name: new TextEncoder().encode(c.name) }))));
  });
});

describe('ota_state.json (lookup record)', () => {
  // fast-check prints the seed and path of any failure.
  const etagChar = fc.constantFrom(...'!#$%&()*+-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~\\"W \u00e9\n');
  const etag = fc.oneof(
    fc.tuple(fc.boolean(), fc.string({ unit: etagChar, maxLength: 8 })).map(([weak, s]) => `${weak ? 'W/' : ''}"${s}"`),
    fc.string({ unit: etagChar, maxLength: 8 }),
  );
  const commit = fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^[0-9a-fA-F]{39,41}$/));
  const record = fc.oneof(
    fc.record({ path: fc.oneof(fc.constant('releases/latest'), text), etag, commit }, { requiredKeys: [] }),
    json,
  );

  it('reads a lookup record as core does (kept, or dropped as garbled) and writes the same bytes', async () => {
    const { readOtaState, serializeOtaState } = await import('../../core/state/index.ts');
    const { nodeFlash } = await import('../../core/adapters/node-flash.ts');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'otalab-state-'));
    try {
      await fc.assert(
        fc.asyncProperty(record, fc.option(fc.maxSafeNat()), async (lookup, last) => {
          const doc = { format: 1, rate_limited_until: null, last_check: last, lookup };
          writeFileSync(join(dir, 'ota_state.json'), JSON.stringify(doc));
          const core = await readOtaState(nodeFlash(dir));
          give(doc);
          const [kept, why, bytes] = JSON.parse(
            py("_why = R._lookup_problem(_v['lookup']) if _v['lookup'] is not None else None\n_s = {'rate_limited_until': None, 'last_check': _v['last_check'], 'lookup': None if _why else _v['lookup']}\n_out = json.dumps([_why is None and _v['lookup'] is not None, _why, str(R.state_bytes(_s), 'utf-8')])"),
          ) as [boolean, string | null, string];
          expect(kept).toBe(core.lookup !== null);
          expect(why).toBe(core.unreadableLookup);
          expect(bytes).toBe(serializeOtaState(core));
        }),
        { numRuns: 120 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('check backoff jitter', () => {
  it('jitter_ms draws what core jitterMs draws (board id, failure count, cap)', async () => {
    const { jitterMs } = await import('../../core/update/check-backoff.ts');
    dev.run('from otalab import update as U');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{16}$/), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 604_800_000 }), (id, n, cap) => {
        expect(Number(dev.eval(`_out = str(U.jitter_ms('${id}', ${n}, ${cap}))`))).toBe(jitterMs(id, n, cap));
      }),
      { numRuns: 100 },
    );
  });
});
