import { describe, expect, it } from 'vitest';
import { isOtaError, type OtaError } from '../errors.ts';
import { hmacSha256Hex } from './canonical.ts';
import { loadManifest, parseManifest, type ManifestContext } from './parse-manifest.ts';
import { manifestSignature } from './signature.ts';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function ctx(over: Partial<ManifestContext> = {}) {
  const warnings: string[] = [];
  const c: ManifestContext = {
    commit: C1, manifestKey: null, stageDir: '.ota_stage', backupDir: '.ota_backup',
    log: { log: (level, event) => void (level === 'warn' && warnings.push(event)) },
    ...over,
  };
  return { c, warnings };
}

function fails(text: string, over: Partial<ManifestContext> = {}): OtaError {
  try {
    parseManifest(text, ctx(over).c);
  } catch (err) {
    if (isOtaError(err)) return err;
    throw err;
  }
  throw new Error('expected parseManifest to refuse');
}

const v1 = (files: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ version: 'v1', generated_at: '2024-05-01T12:00:00Z', files, ...extra });
const f = (path: string, extra: Record<string, unknown> = {}) => ({ path, size: 5, sha256: A, crc32: 7, ...extra });

describe('parseManifest: schema', () => {
  it('reads a predecessor (version 1) manifest', () => {
    const m = parseManifest(v1([f('main.py'), f('lib/util.py', { crc32: undefined })], { deletes: ['old.py'] }), ctx().c);
    expect(m).toEqual({
      manifestVersion: 1, version: 'v1', commit: null, generatedAt: '2024-05-01T12:00:00Z', signed: false, deletes: ['old.py'],
      files: [{ path: 'main.py', size: 5, sha256: A, crc32: 7 }, { path: 'lib/util.py', size: 5, sha256: A, crc32: null }],
    });
  });

  it.each([
    [v1([f('a.py', { sha256: A.toUpperCase() })]), 'manifest.json: files[0].sha256 must be 64 lowercase hex'],
    [v1([f('a.py'), f('b.py', { sha256: undefined })]), 'manifest.json: files[1].sha256 must be 64 lowercase hex'],
    [v1([f('a.py', { size: -1 })]), 'manifest.json: files[0].size must be a non-negative integer'],
    [v1([f('a.py', { size: '5' })]), 'manifest.json: files[0].size must be a non-negative integer'],
    [v1([f('a.py', { crc32: 2 ** 32 })]), 'manifest.json: files[0].crc32 must be an unsigned 32-bit integer'],
    [v1([f('a.py'), f('a.py')]), 'manifest.json: files[1].path "a.py" repeats files[0]'],
    [v1([f('a.py')], { deletes: ['a.py'] }), 'manifest.json: deletes[0] "a.py" is also in files[0]'],
    [JSON.stringify({ files: {} }), 'manifest.json: files must be an array'],
    [JSON.stringify({ manifest_version: 3, files: [] }), 'manifest.json: manifest_version must be 1 or 2 (got 3); this updater may be too old for the manifest'],
    [JSON.stringify({ manifest_version: 2, files: [] }), 'manifest.json: commit is required in manifest_version 2'],
    ['[1]', 'manifest.json: must be a JSON object'],
  ])('refuses %s', (text, message) => {
    const err = fails(text);
    expect(err.code).toBe('MANIFEST_INVALID');
    expect(err.message).toBe(message);
  });

  it('refuses invalid JSON', () => {
    expect(fails('{"files": [}').message).toMatch(/^manifest.json is not valid JSON: expecting value at offset 11/);
  });

  it.each(['../bad', '/bad', 'dir/../bad', 'dir/./bad', 'dir//bad'])('refuses the whole update for path %s (test_path_sanity)', (path) => {
    const err = fails(v1([f('good.py'), f(path)]));
    expect(err.code).toBe('PATH_REJECTED');
    expect(err.message).toContain(`files[1].path ${JSON.stringify(path)}`);
  });

  it.each(['version.json', 'ota_journal.json', '.ota_backup/x.py', '.ota_stage'])('refuses reserved path %s, in files and in deletes', (path) => {
    expect(fails(v1([f(path)])).message).toMatch(/is reserved for the updater/);
    expect(fails(v1([], { deletes: [path] })).code).toBe('PATH_REJECTED');
  });

  it('warns about post_update and never runs it', () => {
    const { c, warnings } = ctx();
    parseManifest(v1([], { post_update: 'hooks/post.py' }), c);
    expect(warnings).toEqual(['manifest.post_update_ignored']);
  });
});

describe('parseManifest: signature and commit binding', () => {
  it('verifies a signature over sorted compact JSON (test_manifest_sig)', () => {
    const body = { version: 'v1', commit: C1, files: [{ path: 'main.py', size: 5, sha256: A }] };
    // The message written out by hand, as Python's json.dumps(sort_keys=True, separators=(",",":")) gives it.
    const sig = hmacSha256Hex('k', `{"commit":"${C1}","files":[{"path":"main.py","sha256":"${A}","size":5}],"version":"v1"}`);
    expect(parseManifest(JSON.stringify({ ...body, signature: sig }), ctx({ manifestKey: 'k' }).c).signed).toBe(true);
    const err = fails(JSON.stringify({ ...body, signature: sig.replace(/^./, sig[0] === '0' ? '1' : '0') }), { manifestKey: 'k' });
    expect(err.code).toBe('SIGNATURE_INVALID');
    expect(err.message).toMatch(/^manifest signature mismatch/);
  });

  it('verifies a manifest signed by CPython with non-ASCII text and floats', () => {
    // Written by json.dumps(sort_keys=True, indent=2, ensure_ascii=False); signed by CPython 3 with
    // hmac.new("kéy".encode(), json.dumps(m, sort_keys=True, separators=(",", ":")).encode(), sha256).
    const text = `{
  "commit": "${C1}",
  "files": [
    {"crc32": 123, "path": "main.py", "sha256": "${A}", "size": 5},
    {"path": "lib/ü.py", "sha256": "${B}", "size": 0}
  ],
  "generated_at": "2024-05-01T12:00:00Z",
  "ratio": 1.0,
  "signature": "e1a85bc260eca8ee52d497ec0ee9dd8e70983eb193a274148db8baeef76ce464",
  "tiny": 1e-05,
  "version": "v1.0 café"
}`;
    const m = parseManifest(text, ctx({ manifestKey: 'kéy' }).c);
    expect(m.signed).toBe(true);
    expect(m.files.map((x) => x.path)).toEqual(['main.py', 'lib/ü.py']);
    // `1.0` read as the integer 1 (what JSON.parse does) would change the signed text.
    expect(fails(text.replace('1.0', '1'), { manifestKey: 'kéy' }).code).toBe('SIGNATURE_INVALID');
  });

  it('refuses a validly signed manifest that names no commit (format 1: replayable onto any release)', () => {
    const body = { version: 'v1', files: [{ path: 'main.py', size: 5, sha256: A }] };
    const sig = hmacSha256Hex('k', `{"files":[{"path":"main.py","sha256":"${A}","size":5}],"version":"v1"}`);
    const err = fails(JSON.stringify({ ...body, signature: sig }), { manifestKey: 'k' });
    expect(err.code).toBe('SIGNATURE_INVALID');
    expect(err.message).toMatch(/^manifest.json is signed but names no commit/);
    // Without a key nothing is trusted anyway: a format-1 manifest still works unsigned.
    expect(parseManifest(JSON.stringify(body), ctx().c).commit).toBeNull();
  });

  it('refuses a missing signature when a key is set, and ignores signatures without a key', () => {
    expect(fails(v1([f('a.py')]), { manifestKey: 'k' }).message).toMatch(/^manifest missing signature/);
    expect(parseManifest(v1([f('a.py')], { signature: 'junk' }), ctx().c).signed).toBe(false);
  });

  it('checks the signature before anything else is believed', () => {
    // A signed-looking manifest with a hostile path fails on the signature, not on the path.
    expect(fails(v1([f('../x')], { signature: B }), { manifestKey: 'k' }).code).toBe('SIGNATURE_INVALID');
  });

  it('binds the manifest to the resolved commit', () => {
    const obj: Record<string, unknown> = { manifest_version: 2, commit: C2, version: 'v1', files: [f('a.py')] };
    obj.signature = manifestSignature(obj, 'k');
    const replay = fails(JSON.stringify(obj), { manifestKey: 'k', commit: C1 });
    expect(replay.code).toBe('SIGNATURE_INVALID');
    expect(replay.message).toMatch(/describes commit 2222222 but the release resolves to 1111111/);
    expect(parseManifest(JSON.stringify(obj), ctx({ manifestKey: 'k', commit: C2 }).c).commit).toBe(C2);
    expect(fails(JSON.stringify({ ...obj, signature: undefined }), { commit: C1 }).code).toBe('MANIFEST_INVALID');
  });
});

describe('loadManifest', () => {
  it('no manifest: null without a key, SIGNATURE_INVALID with one (no downgrade to tree mode)', () => {
    expect(loadManifest(null, { ...ctx().c, ref: 'v2' })).toBeNull();
    let err: unknown;
    try {
      loadManifest(null, { ...ctx({ manifestKey: 'k' }).c, ref: 'v2' });
    } catch (e) {
      err = e;
    }
    expect(isOtaError(err, 'SIGNATURE_INVALID')).toBe(true);
    expect((err as OtaError).message).toMatch(/^manifest_key is set but v2 has no manifest.json asset/);
  });
});
