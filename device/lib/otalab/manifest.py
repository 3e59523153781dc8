# A release's manifest.json (core/manifest/): parse, verify the predecessor's HMAC-SHA256 over
# Python's canonical JSON (json.dumps(sort_keys=True, separators=(",", ":")), written by hand:
# MicroPython's json.dumps has no sort_keys), bind it to the resolved commit, validate every field.
import json
import hashlib
import binascii
from otalab_recover import OtaError, check_repo_path, dumps, loads, log
from otalab.paths import is_reserved

MAX_SAFE = 9007199254740991


class _FloatFound(Exception):
    pass


def _no_floats(v):
    if isinstance(v, float):
        raise _FloatFound()
    if isinstance(v, (list, tuple)):
        for x in v:
            _no_floats(x)
    elif isinstance(v, dict):
        for x in v.values():
            _no_floats(x)


def canonical_json(v):
    # Python's canonical dump of v. Floats are refused (ValueError): MicroPython's float repr is
    # not CPython's, so a signature over a float could not be reproduced exactly (fail closed).
    try:
        _no_floats(v)
    except _FloatFound:
        raise ValueError('Failed to serialise canonical JSON: floats are not supported on the device')
    return dumps(v, ',', ':', True)


def hmac_sha256_hex(key, msg):
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key + b'\x00' * (64 - len(key))
    inner = hashlib.sha256(bytes([b ^ 0x36 for b in key]))
    inner.update(msg)
    outer = hashlib.sha256(bytes([b ^ 0x5c for b in key]))
    outer.update(inner.digest())
    return str(binascii.hexlify(outer.digest()), 'ascii')


def same_text(a, b):
    # Constant time for equal lengths (hmac.compare_digest).
    if len(a) != len(b):
        return False
    d = 0
    for i in range(len(a)):
        d |= ord(a[i]) ^ ord(b[i])
    return d == 0


def signature_of(m, key):
    unsigned = dict([(k, v) for k, v in m.items() if k != 'signature'])
    return hmac_sha256_hex(key.encode(), canonical_json(unsigned).encode())


def _invalid(msg):
    return OtaError('MANIFEST_INVALID', 'manifest.json: ' + msg)


def _is_count(v, hi=MAX_SAFE):
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= hi


def _hex(v, n):
    return isinstance(v, str) and len(v) == n and not [c for c in v if c not in '0123456789abcdef']


def _opt_str(o, k):
    v = o.get(k)
    if v is None:
        return None
    if not isinstance(v, str):
        raise _invalid(k + ' must be a string')
    return v


def _check_path(p, field, cfg):
    if not isinstance(p, str):
        raise _invalid(field + ' must be a string')
    why = check_repo_path(p)
    if why is not None:
        raise OtaError('PATH_REJECTED', 'manifest.json: %s %s %s; refusing the whole update' % (field, json.dumps(p), why))
    if is_reserved(p, cfg['stage_dir'], cfg['backup_dir']):
        raise OtaError('PATH_REJECTED', 'manifest.json: %s %s is reserved for the updater; refusing the whole update' % (field, json.dumps(p)))
    return p


def validate(m, cfg):
    v = m.get('manifest_version')
    if v is None:
        version = 1
    elif v in (1, 2) and isinstance(v, int) and not isinstance(v, bool):
        version = v
    else:
        raise _invalid('manifest_version must be 1 or 2; this updater may be too old for the manifest')
    commit = _opt_str(m, 'commit')
    if commit is not None and not _hex(commit, 40):
        raise _invalid('commit must be 40 lowercase hex')
    if version == 2 and commit is None:
        raise _invalid('commit is required in manifest_version 2')
    if not isinstance(m.get('files'), list):
        raise _invalid('files must be an array')
    files = []
    seen = {}
    for i, f in enumerate(m['files']):
        at = 'files[%d]' % i
        if not isinstance(f, dict):
            raise _invalid(at + ' must be an object')
        p = _check_path(f.get('path'), at + '.path', cfg)
        if not _is_count(f.get('size')):
            raise _invalid(at + '.size must be a non-negative integer')
        if not _hex(f.get('sha256'), 64):
            raise _invalid(at + '.sha256 must be 64 lowercase hex')
        crc = f.get('crc32')
        if crc is not None and not _is_count(crc, 0xffffffff):
            raise _invalid(at + '.crc32 must be an unsigned 32-bit integer')
        if p in seen:
            raise _invalid('%s.path %s repeats files[%d]' % (at, json.dumps(p), seen[p]))
        seen[p] = i
        files.append((p, f['size'], f['sha256']))
    raw = m.get('deletes')
    raw = [] if raw is None else raw
    if not isinstance(raw, list):
        raise _invalid('deletes must be an array')
    deletes = [_check_path(d, 'deletes[%d]' % i, cfg) for i, d in enumerate(raw)]
    for i, d in enumerate(deletes):
        if d in seen:
            raise _invalid('deletes[%d] %s is also in files[%d]' % (i, json.dumps(d), seen[d]))
    return {'version': _opt_str(m, 'version'), 'commit': commit, 'files': files, 'deletes': deletes}


def parse(text, commit, cfg, ref=None):
    if text.startswith('\ufeff'):
        text = text[1:]
    try:
        m = loads(text)
    except Exception as e:
        raise OtaError('MANIFEST_INVALID', 'manifest.json is not valid JSON: %s' % e)
    if not isinstance(m, dict):
        raise OtaError('MANIFEST_INVALID', 'manifest.json: must be a JSON object')
    key = cfg['manifest_key']
    kid = None
    if cfg.get('trusted_keys'):
        # Ed25519 first (signed.py, SPEC section 12); imported only when keys are configured.
        from otalab import signed
        kid = signed.verify(m, cfg, ref, canonical_json)
    key = key or (kid is not None)
    if cfg['manifest_key']:
        key = cfg['manifest_key']
        sig = m.get('signature')
        if sig is None:
            raise OtaError('SIGNATURE_INVALID', 'manifest missing signature (manifest_key is set: sign the manifest with the same key)')
        try:
            ok = isinstance(sig, str) and same_text(signature_of(m, key), sig)
        except ValueError:
            ok = False
        if not ok:
            raise OtaError('SIGNATURE_INVALID', 'manifest signature mismatch (wrong manifest_key, or the manifest was altered after signing)')
    out = validate(m, cfg)
    if key and out['commit'] is None:
        # Format 1 names no commit: its signature would hold for any release (a replay).
        raise OtaError('SIGNATURE_INVALID', 'manifest.json is signed but names no commit (manifest_version 1), so it could be replayed onto another release; publish manifest_version 2 with `commit` and sign it again')
    if out['commit'] is not None and out['commit'] != commit:
        raise OtaError('SIGNATURE_INVALID' if key else 'MANIFEST_INVALID',
                       'manifest.json describes commit %s but the release resolves to %s; refusing a stale or replayed manifest' % (out['commit'][:7], commit[:7]))
    if isinstance(m.get('post_update'), str):
        log('manifest post_update hook ignored: otalab never runs code a manifest names')
    if kid is not None:
        out['counter'] = m['counter']
    return out
