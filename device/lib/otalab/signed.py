# Ed25519-signed manifests (core/manifest/ed25519-verify.ts, docs/SPEC.md section 12): the key
# named by the manifest must be in trusted_keys, its signature must verify over
# "otalab-manifest-ed25519-v1\n" + canonical JSON of the manifest minus `ed25519` and `signature`,
# and the manifest must name this repo, this tag and a counter. Imported only with trusted_keys set.
import binascii
from otalab_recover import OtaError, feed
from otalab import ed25519

DOMAIN = b'otalab-manifest-ed25519-v1\n'


def _bad(msg):
    return OtaError('SIGNATURE_INVALID', msg)


def _is_hex(v, n):
    return isinstance(v, str) and len(v) == n and not [c for c in v if c not in '0123456789abcdef']


def payload(m, canonical_json):
    body = dict([(k, v) for k, v in m.items() if k not in ('ed25519', 'signature')])
    return DOMAIN + canonical_json(body).encode()


def verify(m, cfg, ref, canonical_json):
    # The verifying key id; raises SIGNATURE_INVALID otherwise (core's messages, word for word).
    sig = m.get('ed25519')
    if sig is None:
        raise _bad('manifest.json has no Ed25519 signature but trusted_keys is set; sign it with `npx otalab manifest <dir> --sign key.pem` (docs/signing.md)')
    rec = sig if isinstance(sig, dict) else {}
    kid, hx = rec.get('key_id'), rec.get('sig')
    if not isinstance(kid, str) or not _is_hex(hx, 128):
        raise _bad('manifest.json: ed25519 must be {"key_id": "<16 hex>", "sig": "<128 hex>"}')
    keys = cfg['trusted_keys']
    if kid not in keys:
        raise _bad('manifest.json is signed by key "%s", which is not in trusted_keys (%s); add its line to trusted_keys, or sign with a trusted key'
                   % (kid, ', '.join(sorted(keys))))
    try:
        msg = payload(m, canonical_json)
    except ValueError:
        msg = None
    if msg is None or not ed25519.verify(keys[kid], msg, binascii.unhexlify(hx), feed):
        raise _bad('manifest.json: the Ed25519 signature by key %s does not verify (the manifest was altered after signing, or signed by another key with the same id)' % kid)
    owner, repo = m.get('owner'), m.get('repo')
    if not isinstance(owner, str) or not isinstance(repo, str) or owner.lower() != cfg['owner'].lower() or repo.lower() != cfg['repo'].lower():
        raise _bad('manifest.json is signed for %s/%s, not %s/%s; refusing a manifest replayed from another repository' % (owner, repo, cfg['owner'], cfg['repo']))
    if m.get('version') != ref:
        v = m.get('version')
        raise _bad('manifest.json is signed for tag %s but came with %s; refusing a manifest replayed from another release'
                   % ('"%s"' % v if isinstance(v, str) else 'null', ref))
    c = m.get('counter')
    if not isinstance(c, int) or isinstance(c, bool) or not 0 <= c <= 9007199254740991:
        raise _bad('manifest.json: a signed manifest needs "counter", a non-negative integer (the anti-rollback counter: raise it with every release)')
    return kid
