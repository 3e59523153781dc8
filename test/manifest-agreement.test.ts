// Two independent writers of Python's canonical JSON must agree: the fake GitHub signs manifests
// with sim/github/canonical-json.ts, the updater verifies with core/manifest/canonical.ts. Each is
// written by other means, so a bug in one shows here (or as a signature mismatch in a scenario)
// rather than cancelling out. Expected texts and digests were printed by CPython 3.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manifestSignature, parsePythonJson, pythonCanonicalJson, signatureMatches } from '../core/manifest/index.ts';
import { canonicalJson } from '../sim/github/canonical-json.ts';
import { buildManifest, manifestBytes, signManifest } from '../sim/github/manifest.ts';

const TRICKY = {
  b: [1, -1, 0, 9007199254740991, 1e15, 1.5, 0.1, 1e-5, 0.0001, 1e16, 1e21, 1.2345678901234568e20, 5e-324, 123.456, -2.5e-7, 2 ** 53, 2 ** 60, 1000000000000000.5],
  a: { 'é': 'café \u2028 \x7f \x00 \t " \\ </script> \ud800', '😀': '😀', '\uffff': 'x', z: null, y: true, x: false },
  '': [[], {}],
  big: 12345678901234567890n,
};
// hmac.new('klé'.encode(), json.dumps(TRICKY, sort_keys=True, separators=(',', ':')).encode(), sha256).hexdigest()
const TRICKY_HMAC = '614820e548926b89ba12f72157ca9f399f4f52a3c04cad06ee249dc1d9207675';

// Any UTF-16 code unit, lone surrogates included (JS strings hold them and so do Python's), with
// ASCII and its edges (controls, DEL) and surrogates drawn often.
const unit = fc.oneof(fc.integer({ min: 0, max: 0x80 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0, max: 0xffff }));
const anyString = fc.string({ unit: unit.map((c) => String.fromCharCode(c)), maxLength: 12 });
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    anyString,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(anyString, tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('the lab and the updater write the same canonical JSON', () => {
  it('on strings, key order, nesting and numbers that trip a port up', () => {
    expect(canonicalJson(TRICKY)).toBe(pythonCanonicalJson(TRICKY));
  });

  it('on any JSON value (fast-check, any code unit, any double)', () => {
    fc.assert(fc.property(value, (v) => canonicalJson(v) === pythonCanonicalJson(v)), { seed: 6, numRuns: 2000 });
  });

  it('and sign it alike, with a non-ASCII key, as Python does', () => {
    expect(signManifest(TRICKY, 'klé')).toBe(TRICKY_HMAC);
    expect(manifestSignature(TRICKY, 'klé')).toBe(TRICKY_HMAC);
  });

  it('so the updater accepts what the fake GitHub signed, served as bytes, and nothing altered', () => {
    const files = new Map<string, Uint8Array>([
      ['main.py', new TextEncoder().encode('print(1)\n')],
      ['lib/ünï/😀.py', new Uint8Array([0, 255])],
      ['lib/\uffff.txt', new Uint8Array()],
    ]);
    const manifest = buildManifest({ tag: 'v1.0-ß', commitSha: 'a'.repeat(40), files, generatedAt: '2024-05-01T12:00:00Z', key: 'klé', patch: { note: 'ｆｕｌｌ　ｗｉｄｔｈ', post_update: null } });
    const served = parsePythonJson(new TextDecoder().decode(manifestBytes(manifest))) as Record<string, unknown>;
    expect(signatureMatches(served, 'klé', served.signature as string)).toBe(true);
    expect(signatureMatches({ ...served, version: 'v1.0-ss' }, 'klé', served.signature as string)).toBe(false);
    expect(signatureMatches(served, 'kle', served.signature as string)).toBe(false);
  });
});
