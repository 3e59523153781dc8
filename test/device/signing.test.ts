// device/lib/otalab/{ed25519,sha512,signed,rollback}.py in the real MicroPython interpreter: the
// pure-Python Ed25519 verifier against RFC 8032 vectors and node:crypto signatures, the pure
// SHA-512 against node's, and the same signed-manifest and anti-rollback verdicts as core.
// Random inputs come from fast-check (the seed is printed).
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RFC8032 } from '../../core/manifest/rfc8032-vectors.ts';
import { keyIdOf } from '../../core/manifest/ed25519-key.ts';
import { signedPayload } from '../../core/manifest/ed25519-payload.ts';
import { verifyEd25519Manifest } from '../../core/manifest/ed25519-verify.ts';
import { isOtaError } from '../../core/errors.ts';
import { rollbackRefusal } from '../../core/update/anti-rollback.ts';
import { loadDevice, type Device } from './harness.ts';

const seed = Date.now() % 1_000_000;
let dev: Device;
beforeAll(async () => {
  console.log(`device signing property seed ${seed}`);
  dev = await loadDevice();
  dev.run('import json, binascii\nfrom otalab import ed25519 as E, sha512 as H, signed as SG, rollback as RB\nfrom otalab.manifest import canonical_json');
});

const py = (code: string, input: unknown) => {
  dev.mp.globals.set('_text', JSON.stringify(input));
  return JSON.parse(dev.eval(`_v = json.loads(_text)\n${code}`)) as unknown;
};
const verify = (pub: string, msg: string, sig: string) => py('_out = json.dumps(E.verify(binascii.unhexlify(_v[0]), binascii.unhexlify(_v[1]), binascii.unhexlify(_v[2])))', [pub, msg, sig]);

describe('device ed25519.py', () => {
  it.each(RFC8032)('verifies RFC 8032 vector %s; a flipped signature bit fails', (pub, msg, sig) => {
    expect(verify(pub, msg, sig)).toBe(true);
    const bad = (parseInt(sig.slice(0, 2), 16) ^ 1).toString(16).padStart(2, '0') + sig.slice(2);
    expect(verify(pub, msg, bad)).toBe(false);
  });

  it('agrees with node:crypto on random messages and keys (valid, and with the message changed)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (msg) => {
        const { privateKey, publicKey } = generateKeyPairSync('ed25519');
        const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
        const sig = sign(null, msg, privateKey).toString('hex');
        const m = Buffer.from(msg).toString('hex');
        expect(verify(pub, m, sig)).toBe(true);
        expect(verify(pub, `${m}00`, sig)).toBe(false);
      }),
      { numRuns: 4, seed },
    );
  });

  it('refuses malformed keys and signatures without raising (S >= L, short, off-curve)', () => {
    const [pub, msg, sig] = RFC8032[0]!;
    const big = sig.slice(0, 64) + 'ff'.repeat(32);
    expect(verify(pub, msg, big)).toBe(false);
    expect(verify(pub.slice(2), msg, sig)).toBe(false);
    expect(verify('02' + '00'.repeat(31), msg, sig)).toBe(false);
  });

  it('sha512.py equals node for lengths around the block boundaries', () => {
    for (const n of [0, 3, 111, 112, 127, 128, 129, 300]) {
      const data = Buffer.alloc(n, n & 0xff);
      const got = py('_h = H.sha512(binascii.unhexlify(_v))\n_out = json.dumps(str(binascii.hexlify(_h.digest()), "ascii"))', data.toString('hex'));
      expect(got, `length ${n}`).toBe(createHash('sha512').update(data).digest('hex'));
    }
  });
});

describe('device signed.py and rollback.py agree with core', () => {
  it('accepts and refuses the same signed manifests, with the same messages', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const id = keyIdOf(raw);
    const make = (over: Record<string, unknown>, after: Record<string, unknown> = {}) => {
      const m: Record<string, unknown> = { manifest_version: 2, owner: 'acme', repo: 'widget', version: 'v2.0.0', commit: '1'.repeat(40), counter: 3, files: [{ path: 'lib/café.py', size: 3, sha256: 'a'.repeat(64) }], ...over };
      m.ed25519 = { key_id: id, sig: sign(null, signedPayload(m), privateKey).toString('hex') };
      return { ...m, ...after };
    };
    const cases = [make({}), make({ repo: 'gadget' }), make({ version: 'v1.0.0' }), make({}, { counter: 4 }), make({}, { ed25519: { key_id: 'ffffffffffffffff', sig: '0'.repeat(128) } }), make({ counter: 'x' })];
    for (const m of cases) {
      let want: string;
      try {
        want = `ok ${verifyEd25519Manifest(m, { trustedKeys: new Map([[id, new Uint8Array(raw)]]), owner: 'acme', repo: 'widget', ref: 'v2.0.0' })}`;
      } catch (err) {
        if (!isOtaError(err)) throw err;
        want = `${err.code} ${err.message}`;
      }
      const got = py(
        `cfg = {'owner': 'acme', 'repo': 'widget', 'trusted_keys': {_v[1]: binascii.unhexlify(_v[2])}}
try:
    _out = json.dumps('ok ' + SG.verify(_v[0], cfg, 'v2.0.0', canonical_json))
except Exception as e:
    _out = json.dumps('%s %s' % (e.code, e.message))`,
        [m, id, raw.toString('hex')],
      );
      expect(got).toBe(want);
    }
  });

  it('refuses the same downgrades as core (tags and counters drawn at random)', () => {
    const ref = fc.oneof(
      fc.tuple(fc.constantFrom('v', 'V', ''), fc.nat(3), fc.option(fc.nat(3)), fc.option(fc.nat(3)), fc.constantFrom('', '-rc.1', '-rc.10', '-alpha', '-1', '-x-y', '+b.1')).map(([p, a, b, c, s]) => `${p}${a}${b === null ? '' : `.${b}`}${b === null || c === null ? '' : `.${c}`}${s}`),
      fc.constantFrom('main', 'build-7', 'v1.02', '1.2.3.4', 'v1..2', 'v1.0-', 'nightly'),
    );
    const counter = fc.option(fc.nat(6));
    fc.assert(
      fc.property(ref, ref, counter, counter, fc.boolean(), (a, b, ca, cb, allow) => {
        const want = rollbackRefusal(a, b, ca, cb, allow);
        const got = py('_r = RB.refusal(*_v)\n_out = json.dumps(None if _r is None else [_r.code, _r.message])', [a, b, ca, cb, allow]);
        expect(got).toEqual(want === null ? null : [want.code, want.message]);
      }),
      { numRuns: 300, seed },
    );
  });
});
