# otalab boot-time recovery and the journaled transaction (docs/SPEC.md sections 4-5).
#
# Self-contained on purpose: boot.py imports this one file before anything else, and an update
# replaces it with one atomic rename, so recovery never runs a mix of old and new updater code.
# It imports nothing from the otalab package; the package imports its helpers from here.
# Any version of this file finishes any journal of format 1 (the format is versioned).
import os
import json
import hashlib
import binascii
import time
import gc

JOURNAL = 'ota_journal.json'
VERSION = 'version.json'
ERRORS = 'ota_error.json'
STATE = 'ota_state.json'
JOURNAL_FORMAT = 1
ERROR_FORMAT = 2
STATE_FORMAT = 1
STAGE_DEFAULT = '.ota_stage'
BACKUP_DEFAULT = '.ota_backup'
ERROR_LIMIT = 10
REJECTED_LIMIT = 5
POWER_LOSS_FACTOR = 3
HASH_CHUNK = 1024
# The state files' own temporaries (never a user's *.tmp), in core's order.
STATE_TMPS = ('version.json.tmp', 'ota_error.json.tmp', 'ota_journal.json.tmp', 'ota_state.json.tmp')
EMPTY_BLOB = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
_ERRNO = {2: 'ENOENT', 5: 'EIO', 17: 'EEXIST', 20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL', 28: 'ENOSPC', 39: 'ENOTEMPTY'}

debug = False


class OtaError(Exception):
    # An expected failure: a stable code (core/outcome.ts) and a message saying what to do.
    def __init__(self, code, message, recorded=False, reset_at=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.recorded = recorded
        self.reset_at = reset_at


def log(msg):
    print('otalab: ' + msg)


def dlog(msg):
    if debug:
        print('otalab: ' + msg)


def errno_name(err):
    n = err.args[0] if err.args else 0
    return _ERRNO.get(n, 'EIO') if isinstance(n, int) else str(n)


# ---- watchdog and clock -------------------------------------------------------------------
_wdt = None


def start_watchdog(ms):
    global _wdt
    import machine
    _wdt = machine.WDT(timeout=ms)
    _wdt.feed()


def feed():
    if _wdt is not None:
        _wdt.feed()


def now_s():
    return int(time.time())


def now_ms():
    return int(time.time()) * 1000


# ---- filesystem ---------------------------------------------------------------------------
def join(*parts):
    out = []
    for p in parts:
        p = p.strip('/')
        if p:
            out.append(p)
    return '/'.join(out)


def parent(path):
    i = path.rfind('/')
    return '' if i < 0 else path[:i]


def stat(path):
    # None when absent, else (is_dir, size).
    try:
        st = os.stat(path)
    except OSError as e:
        if e.args and e.args[0] == 2:
            return None
        raise
    return (st[0] & 0x4000 != 0, st[6])


def exists(path):
    return stat(path) is not None


def remove_if_exists(path):
    if stat(path) is None:
        return False
    try:
        os.remove(path)
    except OSError as e:
        if e.args and e.args[0] == 2:
            return False
        raise
    return True


def listdir(path):
    return [e[0] for e in os.ilistdir(path)]


def mkdirs(d):
    p = ''
    for seg in (d.split('/') if d else ()):
        p = join(p, seg)
        st = stat(p)
        if st is not None and st[0]:
            continue
        if st is not None:
            raise OtaError('INTERNAL', 'Failed to create directory %s: %s is a file' % (d, p))
        try:
            os.mkdir(p)
        except OSError as e:
            if not (e.args and e.args[0] == 17):
                raise
        feed()


def rmtree(path):
    if path == '':
        raise OtaError('INTERNAL', 'Failed to remove a tree: refusing to remove the root')
    st = stat(path)
    if st is None:
        return 0
    if not st[0]:
        os.remove(path)
        feed()
        return 1
    n = 0
    for name in sorted(listdir(path)):
        n += rmtree(join(path, name))
    os.rmdir(path)
    feed()
    return n


def rmdir_if_empty(d):
    st = stat(d)
    if st is None or not st[0] or listdir(d):
        return False
    os.rmdir(d)
    return True


def write_atomic(path, data, before_rename=None):
    # before_rename runs once the temporary is complete, just before it lands.
    tmp = path + '.tmp'
    f = open(tmp, 'wb')
    try:
        try:
            if len(data):
                f.write(data)
        finally:
            f.close()
    except OSError:
        # A refused write (a full flash) leaves no stray temporary: removing needs no new block.
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    if before_rename is not None:
        before_rename()
    os.rename(tmp, path)


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def _unpair_str(s):
    # Joins each high+low surrogate pair into the astral character it encodes; a lone one stays.
    out = []
    hi = 0
    for c in s:
        o = ord(c)
        if hi:
            if 0xdc00 <= o <= 0xdfff:
                out.append(chr(0x10000 + ((hi - 0xd800) << 10) + (o - 0xdc00)))
                hi = 0
                continue
            out.append(chr(hi))
            hi = 0
        if 0xd800 <= o <= 0xdbff:
            hi = o
        else:
            out.append(c)
    if hi:
        out.append(chr(hi))
    return ''.join(out)


def _unpair(v):
    if isinstance(v, str):
        return _unpair_str(v)
    if isinstance(v, list):
        return [_unpair(x) for x in v]
    if isinstance(v, dict):
        return dict([(_unpair_str(k), _unpair(x)) for k, x in v.items()])
    return v


def loads(text):
    # json.loads that reads "\ud83d\ude00" as one character, as CPython and core do: MicroPython
    # leaves two lone surrogates, so an emoji path in version.json or the journal (written with
    # Python's ensure_ascii escapes) would name another file (docs/SPEC.md section 0).
    v = json.loads(text)
    if '\\ud' in text or '\\uD' in text:
        v = _unpair(v)
    return v


def read_json(path):
    # ('missing', None) | ('invalid', reason) | ('ok', value); never raises for bad content.
    st = stat(path)
    if st is None:
        return ('missing', None)
    if st[0]:
        return ('invalid', 'is a directory')
    data = read_bytes(path)
    try:
        text = str(data, 'utf-8')
    except Exception:
        return ('invalid', 'is not UTF-8')
    if not text.strip():
        return ('invalid', 'is empty')
    try:
        return ('ok', loads(text))
    except Exception as e:
        return ('invalid', 'is not JSON (%s)' % e)


def hexd(h):
    return str(binascii.hexlify(h.digest()), 'ascii')


def hash_file(path, chunk=HASH_CHUNK, want_sha256=True):
    # (size, blob_sha1, sha256 or None) of a file, streamed through one buffer; None if absent.
    st = stat(path)
    if st is None or st[0]:
        return None
    size = st[1]
    blob = hashlib.sha1(('blob %d\x00' % size).encode())
    sha = hashlib.sha256() if want_sha256 else None
    buf = bytearray(chunk)
    mv = memoryview(buf)
    got = 0
    with open(path, 'rb') as f:
        while True:
            n = f.readinto(buf)
            if not n:
                break
            blob.update(mv[:n])
            if sha is not None:
                sha.update(mv[:n])
            got += n
            feed()
    if got != size:
        raise OSError(5)
    return (size, hexd(blob), hexd(sha) if sha is not None else None)


# ---- Python's json.dumps, byte for byte ----------------------------------------------------
class Obj:
    # A JSON object whose keys keep the given order (MicroPython dicts do not).
    def __init__(self, *pairs):
        self.pairs = [p for p in pairs if p[1] is not Obj.SKIP]


Obj.SKIP = object()
_SHORT = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f'}


def quote(s):
    out = ['"']
    for c in s:
        o = ord(c)
        e = _SHORT.get(c)
        if e is not None:
            out.append(e)
        elif 0x20 <= o <= 0x7e:
            out.append(c)
        elif o > 0xffff:
            o -= 0x10000
            out.append('\\u%04x\\u%04x' % (0xd800 + (o >> 10), 0xdc00 + (o & 0x3ff)))
        else:
            out.append('\\u%04x' % o)
    out.append('"')
    return ''.join(out)


def dumps(v, sep=', ', colon=': ', sort=True):
    # Python json.dumps defaults; plain dicts are written sorted by key (maps of paths).
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return '[' + sep.join([dumps(x, sep, colon, sort) for x in v]) + ']'
    if isinstance(v, Obj):
        pairs = v.pairs
    elif isinstance(v, dict):
        pairs = sorted(v.items()) if sort else list(v.items())
    else:
        raise TypeError('Failed to serialise JSON: unsupported %s' % type(v))
    return '{' + sep.join([quote(k) + colon + dumps(x, sep, colon, sort) for k, x in pairs]) + '}'


def opt(v):
    return Obj.SKIP if v is None else v


# ---- repo paths ---------------------------------------------------------------------------
def check_repo_path(p):
    # None when acceptable, else why not (core/paths/check-repo-path.ts).
    if p == '':
        return 'is empty'
    for c in p:
        o = ord(c)
        if o < 0x20 or o == 0x7f:
            return 'contains a control character'
    if '\\' in p:
        return 'contains a backslash'
    if p[0] == '/':
        return 'is absolute (starts with "/")'
    if len(p) >= 2 and p[1] == ':' and ('a' <= p[0] <= 'z' or 'A' <= p[0] <= 'Z'):
        return 'starts with a drive prefix'
    if p[-1] == '/':
        return 'ends with "/"'
    if len(p.encode()) > 1024:
        return 'is longer than 1024 bytes'
    for seg in p.split('/'):
        if seg == '':
            return 'has an empty segment ("//")'
        if seg == '.' or seg == '..':
            return 'has a "%s" segment' % seg
        if len(seg.encode()) > 255:
            return 'has a name longer than 255 bytes'
    return None


# ---- version.json -------------------------------------------------------------------------
def parse_version(v):
    # (version or None, reason); a malformed optional key is dropped, not fatal.
    if not isinstance(v, dict):
        return (None, 'version.json is not an object')
    ref = v.get('ref')
    commit = v.get('commit')
    if not isinstance(ref, str) or not isinstance(commit, str):
        n = v.get('version')
        if isinstance(n, (int, float)) and not isinstance(n, bool):
            return (None, 'legacy {"version": n} format')
        return (None, 'version.json lacks string "ref" and "commit"')
    out = {'ref': ref, 'commit': commit}
    files = v.get('files')
    if isinstance(files, dict) and all([isinstance(x, str) for x in files.values()]):
        out['files'] = files
    rej = v.get('rejected')
    if isinstance(rej, list):
        c = [x for x in rej if isinstance(x, str)]
        if c:
            out['rejected'] = c[-REJECTED_LIMIT:]
    return (out, None)


def read_version():
    kind, v = read_json(VERSION)
    if kind == 'missing':
        return (None, 'missing')
    if kind == 'invalid':
        return (None, 'version.json ' + v)
    return parse_version(v)


def serialize_version(v):
    rej = v.get('rejected') or None
    return dumps(Obj(('ref', v['ref']), ('commit', v['commit']), ('files', opt(v.get('files'))),
                     ('rejected', opt(rej[-REJECTED_LIMIT:] if rej else None))))


def write_version(v, before_rename=None):
    # Unchanged bytes are not rewritten (flash wear); True when written.
    data = serialize_version(v).encode()
    st = stat(VERSION)
    if st is not None and not st[0] and st[1] == len(data) and read_bytes(VERSION) == data:
        return False
    write_atomic(VERSION, data, before_rename)
    return True


def with_rejected(rejected, commit):
    return ([c for c in (rejected or []) if c != commit] + [commit])[-REJECTED_LIMIT:]


def format_version(v):
    ref = (v or {}).get('ref') or ''
    short = ((v or {}).get('commit') or '')[:7]
    if ref and short:
        return ref + ' #' + short
    return ref or ('#' + short if short else '')


# ---- ota_error.json -----------------------------------------------------------------------
def read_errors():
    kind, v = read_json(ERRORS)
    if kind != 'ok':
        return []
    items = v if isinstance(v, list) else (v.get('errors') if isinstance(v, dict) else None)
    out = []
    for it in (items if isinstance(items, list) else []):
        if isinstance(it, str):
            out.append({'time': 0, 'phase': 'boot', 'code': 'INTERNAL', 'message': it, 'legacy': True})
        elif isinstance(it, dict) and isinstance(it.get('message'), str) and isinstance(it.get('code'), str):
            r = dict(it)
            t = it.get('time')
            r['time'] = t if isinstance(t, (int, float)) and not isinstance(t, bool) else 0
            r['phase'] = it.get('phase') if it.get('phase') is not None else 'boot'
            out.append(r)
    return out


_FIRST = ('time', 'phase', 'code', 'message')


def record_obj(r):
    # time, phase, code, message first; other fields after them (sorted: see device/README.md).
    rest = sorted([(k, x) for k, x in r.items() if k not in _FIRST])
    return Obj(*([(k, r.get(k)) for k in _FIRST] + rest))


def redact(v, token):
    if not token:
        return v
    if isinstance(v, str):
        return v.replace(token, '[redacted]')
    if isinstance(v, list):
        return [redact(x, token) for x in v]
    if isinstance(v, dict):
        return dict([(redact(k, token), redact(x, token)) for k, x in v.items()])
    return v


def record_error(rec, limit=ERROR_LIMIT, token=None, dedupe=False):
    # Appends to the ring; a write the flash refuses is logged and dropped (False).
    r = dict(rec)
    if r.get('time') is None:
        r['time'] = now_s()
    r = redact(r, token)
    try:
        old = read_errors()
        if dedupe and old and _same(old[-1], r):
            return False
        errs = (old + [r])[-max(1, int(limit)):]
        write_atomic(ERRORS, dumps(Obj(('errors', [record_obj(e) for e in errs]), ('format', ERROR_FORMAT))).encode())
        log('error recorded: %s %s: %s' % (r.get('phase'), r.get('code'), r.get('message')))
        return True
    except OSError as e:
        log('error record failed: %s (%s)' % (r.get('code'), errno_name(e)))
        return False


def _same(a, b):
    a = dict(a)
    b = dict(b)
    a['time'] = 0
    b['time'] = 0
    return dumps(record_obj(a)) == dumps(record_obj(b))


# ---- ota_state.json -----------------------------------------------------------------------
# GitHub's primary window is one hour: no answer can defer a check longer (core/state/ota-state.ts).
RATE_LIMIT_MAX_WAIT_MS = 3600000


def read_state():
    # 'unreadable_until': why rate_limited_until was there but not a time, else None;
    # 'unreadable_lookup' the same for lookup (core/state/ota-state.ts).
    kind, v = read_json(STATE)
    out = {'rate_limited_until': None, 'last_check': None, 'lookup': None, 'unreadable_lookup': None,
           'failures': 0, 'next_check_at': None}
    bad = None
    if kind == 'ok' and isinstance(v, dict):
        for k in ('rate_limited_until', 'last_check'):
            x = v.get(k)
            if isinstance(x, (int, float)) and not isinstance(x, bool):
                out[k] = x
            elif k == 'rate_limited_until' and x is not None:
                bad = 'is %s, not a time' % dumps(x)
        for k in ('crashes', 'crash_skip'):
            # Present only when positive (docs/SPEC.md 9.4); a garbled count reads as none.
            x = v.get(k)
            if isinstance(x, int) and not isinstance(x, bool) and 0 < x <= 9007199254740991:
                out[k] = x
        # A garbled count or time reads as none (core: safe integers only).
        # The anti-rollback counter (SPEC 12.5); a garbled one reads as none.
        x = v.get('counter')
        if isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 9007199254740991:
            out['counter'] = x
        f, n = v.get('failures'), v.get('next_check_at')
        if isinstance(f, int) and not isinstance(f, bool) and 0 < f <= 9007199254740991:
            out['failures'] = f
        if isinstance(n, int) and not isinstance(n, bool) and abs(n) <= 9007199254740991:
            out['next_check_at'] = n
        lk = v.get('lookup')
        if lk is not None:
            why = _lookup_problem(lk)
            if why is None:
                out['lookup'] = {'path': lk['path'], 'etag': lk['etag'], 'commit': lk['commit']}
            else:
                out['unreadable_lookup'] = why
    out['unreadable_until'] = bad
    return out


def _lookup_problem(lk):
    # Why a stored lookup is not one (None when it is); the same checks and words as core.
    if not isinstance(lk, dict):
        return 'is not an object'
    p, e, c = lk.get('path'), lk.get('etag'), lk.get('commit')
    if not isinstance(p, str) or p == '':
        return 'has no "path"'
    if not _etag_ok(e):
        return 'has no valid "etag"'
    if not isinstance(c, str) or len(c) != 40 or [x for x in c if x not in '0123456789abcdef']:
        return 'has no 40-hex "commit"'
    return None


def _etag_ok(e):
    # An entity-tag ([W/]"..."), printable ASCII: it goes back into a request header.
    if not isinstance(e, str) or len(e) > 200:
        return False
    q = e[2:] if e.startswith('W/') else e
    if len(q) < 2 or q[0] != '"' or q[-1] != '"':
        return False
    for ch in q[1:-1]:
        if ch == '"' or ord(ch) < 0x21 or ord(ch) > 0x7e:
            return False
    return True


def state_bytes(s):
    # Without a lookup, a backoff or crash counts, exactly the format-1 bytes of before.
    lk = s.get('lookup')
    f = s.get('failures') or 0
    n = s.get('next_check_at')
    return dumps(Obj(('format', STATE_FORMAT), ('rate_limited_until', s['rate_limited_until']), ('last_check', s['last_check']),
                     ('lookup', Obj(('path', lk['path']), ('etag', lk['etag']), ('commit', lk['commit'])) if lk else Obj.SKIP),
                     ('failures', f if f > 0 else Obj.SKIP), ('next_check_at', n if n is not None else Obj.SKIP),
                     # The counts only when positive (max_crashes_before_delay, SPEC 9.4), as core.
                     ('crashes', s['crashes'] if s.get('crashes', 0) > 0 else Obj.SKIP),
                     ('crash_skip', s['crash_skip'] if s.get('crash_skip', 0) > 0 else Obj.SKIP),
                     # Only once a signed manifest was installed (SPEC 12.5), as core.
                     ('counter', s['counter'] if s.get('counter') is not None else Obj.SKIP))).encode()


def write_state(s):
    write_atomic(STATE, state_bytes(s))


# ---- ota_journal.json ---------------------------------------------------------------------
class _Invalid(Exception):
    pass


def _fail(reason):
    raise _Invalid(reason)


def _is_sha(v):
    if not isinstance(v, str) or len(v) != 40:
        return False
    for c in v:
        if c not in '0123456789abcdef':
            return False
    return True


def _path(p, name):
    why = check_repo_path(p)
    if why is not None:
        _fail('%s %s %s' % (name, quote(p), why))
    return p


def _count(v, name):
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        _fail(name + ' is not a count')
    return v


def _ref(v, name):
    if not isinstance(v, dict) or not isinstance(v.get('ref'), str) or not isinstance(v.get('commit'), str):
        _fail(name + ' is not {ref, commit}')
    return {'ref': v['ref'], 'commit': v['commit']}


def _files(v, name):
    if not isinstance(v, dict):
        _fail(name + ' is not an object')
    for p, s in v.items():
        _path(p, name)
        if not isinstance(s, str):
            _fail('%s[%s] is not a string' % (name, quote(p)))
    return v


def _strings(v, name):
    if not isinstance(v, list) or not all([isinstance(s, str) for s in v]):
        _fail(name + ' is not a list of strings')
    return list(v)


def _op(v):
    if not isinstance(v, dict) or not isinstance(v.get('path'), str):
        _fail('an op lacks a path')
    p = _path(v['path'], 'op path')
    kind = v.get('op')
    o = {'op': kind, 'path': p}
    if kind == 'replace' and 'backup' in v and v['backup'] != 'copy':
        # Checked before the hashes, as core does, so both refuse with the same reason.
        _fail('ops: backup of %s must be "copy"' % p)
    if kind == 'delete':
        o['old_sha'] = v.get('old_sha')
    elif kind == 'add' or kind == 'replace':
        o['sha'] = v.get('sha')
        o['size'] = _count(v.get('size'), 'size')
        if kind == 'replace':
            o['old_sha'] = v.get('old_sha')
            if 'backup' in v:
                o['backup'] = 'copy'
    else:
        _fail('unknown op ' + dumps(kind))
    for k in ('sha', 'old_sha'):
        if k in o and not _is_sha(o[k]):
            _fail(k + ' is not a blob SHA')
    return o


def parse_journal(v):
    # (journal, None) or (None, reason): recovery follows only a journal that validates strictly.
    try:
        if not isinstance(v, dict):
            _fail('not an object')
        if v.get('format') != JOURNAL_FORMAT or isinstance(v.get('format'), bool):
            _fail('unknown format ' + dumps(v.get('format')))
        if v.get('phase') not in ('apply', 'trial', 'rollback', 'cleanup'):
            _fail('unknown phase ' + dumps(v.get('phase')))
        dirs = []
        for name in ('stage_dir', 'backup_dir'):
            d = v.get(name)
            if not isinstance(d, str):
                _fail(name + ' is not a string')
            dirs.append(_path(d, name))
        s, b = dirs
        if s == b or s.startswith(b + '/') or b.startswith(s + '/'):
            _fail('stage_dir and backup_dir overlap')
        if not isinstance(v.get('ops'), list):
            _fail('ops is not a list')
        if not isinstance(v.get('created'), (int, float)) or isinstance(v.get('created'), bool):
            _fail('created is not a number')
        j = {
            'phase': v['phase'], 'target': _ref(v.get('target'), 'target'),
            'previous': None if v.get('previous') is None else _ref(v.get('previous'), 'previous'),
            'previous_files': None if v.get('previous_files') is None else _files(v.get('previous_files'), 'previous_files'),
            'target_files': _files(v.get('target_files'), 'target_files'),
            'rejected': _strings(v.get('rejected'), 'rejected'), 'stage_dir': s, 'backup_dir': b,
            'mkdirs': [_path(d, 'mkdirs') for d in _strings(v.get('mkdirs'), 'mkdirs')],
            'ops': [_op(o) for o in v['ops']], 'boots': _count(v.get('boots'), 'boots'),
            'power_losses': None if v.get('power_losses') is None else _count(v.get('power_losses'), 'power_losses'),
            'max_boots': _count(v.get('max_boots'), 'max_boots'),
            'error_limit': _count(v.get('error_limit'), 'error_limit'), 'created': v['created'], 'rollback': None,
        }
        rb = v.get('rollback')
        if rb is not None:
            if not isinstance(rb, dict) or not all([isinstance(rb.get(k), str) for k in ('code', 'phase', 'message')]):
                _fail('rollback is not {code, phase, message}')
            j['rollback'] = {'code': rb['code'], 'phase': rb['phase'], 'message': rb['message']}
        return (j, None)
    except _Invalid as e:
        return (None, e.args[0])


def _op_obj(o):
    if o['op'] == 'delete':
        return Obj(('op', 'delete'), ('path', o['path']), ('old_sha', o['old_sha']))
    if o['op'] == 'add':
        return Obj(('op', 'add'), ('path', o['path']), ('sha', o['sha']), ('size', o['size']))
    return Obj(('op', 'replace'), ('path', o['path']), ('sha', o['sha']), ('size', o['size']), ('old_sha', o['old_sha']),
               ('backup', 'copy' if o.get('backup') == 'copy' else Obj.SKIP))


def _ref_obj(r):
    return None if r is None else Obj(('ref', r['ref']), ('commit', r['commit']))


def serialize_journal(j):
    rb = j.get('rollback')
    return dumps(Obj(
        ('format', JOURNAL_FORMAT), ('phase', j['phase']), ('target', _ref_obj(j['target'])),
        ('previous', _ref_obj(j['previous'])), ('previous_files', j['previous_files']),
        ('target_files', j['target_files']), ('rejected', j['rejected']), ('stage_dir', j['stage_dir']),
        ('backup_dir', j['backup_dir']), ('mkdirs', j['mkdirs']), ('ops', [_op_obj(o) for o in j['ops']]),
        ('boots', j['boots']), ('power_losses', opt(j.get('power_losses'))), ('max_boots', j['max_boots']),
        ('error_limit', j['error_limit']), ('created', j['created']),
        ('rollback', Obj.SKIP if rb is None else Obj(('code', rb['code']), ('phase', rb['phase']), ('message', rb['message']))),
    ))


def read_journal(path=JOURNAL):
    # ('none', None) | ('ok', journal) | ('invalid', reason)
    kind, v = read_json(path)
    if kind == 'missing':
        return ('none', None)
    if kind == 'invalid':
        return ('invalid', v)
    j, why = parse_journal(v)
    return ('ok', j) if j is not None else ('invalid', why)


def write_journal(j):
    write_atomic(JOURNAL, serialize_journal(j).encode())


def delete_journal():
    remove_if_exists(JOURNAL + '.tmp')
    remove_if_exists(JOURNAL)


def with_(j, **kw):
    n = dict(j)
    n.update(kw)
    return n


# ---- the transaction: apply, rollback, cleanup ---------------------------------------------
def move_file(src, dst):
    # Parents of dst are created first (backup dirs mirror live paths).
    p = parent(dst)
    if p:
        mkdirs(p)
    os.rename(src, dst)
    feed()
    dlog('move %s -> %s' % (src, dst))


# Files recovery itself runs from (boot.py starts it; otalab_recover.py is it). Moving one aside
# for a moment would leave a board that lost power then with no recovery at all, so a replace of
# one is journaled with backup "copy": copied aside, then the new file renamed over it.
RECOVERY_PATHS = ('boot.py', 'otalab_recover.py', 'lib/otalab_recover.py')


def copy_file(src, dst):
    # src -> dst through dst.part (one write per HASH_CHUNK piece, close, rename), parents of dst
    # first: a cut leaves dst absent or complete. As core's copyFile: the reader is closed on any
    # error, the writer only on success.
    p = parent(dst)
    if p:
        mkdirs(p)
    part = dst + '.part'
    buf = bytearray(HASH_CHUNK)
    mv = memoryview(buf)
    r = open(src, 'rb')
    try:
        w = open(part, 'wb')
        while True:
            n = r.readinto(buf)
            if not n:
                break
            w.write(mv[:n])
            feed()
    finally:
        r.close()
    w.close()
    os.rename(part, dst)
    feed()
    dlog('copy %s -> %s' % (src, dst))


def holds_blob(path, sha):
    feed()
    d = hash_file(path, HASH_CHUNK, False)
    feed()
    return d is not None and d[1] == sha


def _sync_quietly():
    sync = getattr(os, 'sync', None)
    if sync is None:
        return
    try:
        sync()
    except OSError as e:
        log('sync failed (%s), continuing' % errno_name(e))


def _apply_op(j, op):
    live = op['path']
    backup = join(j['backup_dir'], live)
    if op['op'] == 'delete':
        if exists(live) and not exists(backup):
            move_file(live, backup)
        return None
    staged = join(j['stage_dir'], live)
    if exists(staged):
        if op['op'] == 'replace' and exists(live) and not exists(backup):
            # A file recovery runs from is copied aside, so `live` exists at every instant.
            if op.get('backup') == 'copy':
                copy_file(live, backup)
            else:
                move_file(live, backup)
        move_file(staged, live)
        return None
    # The staged copy is gone: this op finished earlier, unless the stage was lost before it ran.
    if holds_blob(live, op['sha']):
        return None
    return live + ' is neither staged nor installed'


def roll_forward(j, phase):
    # (True, trial journal) or (False, reason); flash errors (OSError) propagate.
    dlog('apply %d ops (%s)' % (len(j['ops']), phase))
    for d in j['mkdirs']:
        if not exists(d):
            os.mkdir(d)
        feed()
    for op in j['ops']:
        missing = _apply_op(j, op)
        if missing is not None:
            return (False, {'code': 'RECOVERY', 'phase': phase,
                            'message': 'Failed to finish the update to %s: %s; rolled back' % (j['target']['commit'], missing)})
    _sync_quietly()
    # The previous version.json is moved into the backup dir (a rename: no new block) just before the
    # new one lands, so a rollback on a full flash can rename it back (SPEC 5.4).
    kept = join(j['backup_dir'], VERSION)

    def keep_previous():
        if exists(VERSION) and not exists(kept):
            move_file(VERSION, kept)
    write_version({'ref': j['target']['ref'], 'commit': j['target']['commit'], 'files': j['target_files'], 'rejected': j['rejected']},
                  keep_previous)
    trial = with_(j, phase='trial', boots=0)
    write_journal(trial)
    return (True, trial)


def _default_reason(j):
    return {'code': 'RECOVERY', 'phase': 'recovery', 'message': 'Failed to finish the update to %s; rolled back' % j['target']['commit']}


def roll_back(j, reason=None):
    why = j.get('rollback') or reason or _default_reason(j)
    if j['phase'] != 'rollback':
        was = j['phase']
        j = with_(j, phase='rollback', rollback=why)
        try:
            write_journal(j)
        except OSError as e:
            # A full flash (core/commit/rollback.ts): a rollback from apply or trial goes on unjournaled
            # when version.json can be restored unwritten; the undo steps are renames and removals, all idempotent.
            if (was != 'apply' and was != 'trial') or not _version_restorable_unwritten(j):
                raise
            log('rollback phase not written (%s), rolling back anyway' % errno_name(e))
    log('rolling back %s (%s)' % (j['target']['commit'][:7], why['code']))
    failures = []
    for op in reversed(j['ops']):
        try:
            if op['op'] == 'add':
                # Pre-commit checks guarantee the path did not exist before: whatever is there is ours.
                if remove_if_exists(op['path']):
                    feed()
            else:
                backup = join(j['backup_dir'], op['path'])
                if exists(backup):
                    move_file(backup, op['path'])
        except OSError as e:
            failures.append('%s (%s): %s' % (op['path'], op['op'], errno_name(e)))
    if failures:
        msg = 'Failed to roll back %s; backups kept, retried at next boot' % ', '.join(failures)
        record_error({'phase': 'recovery', 'code': 'RECOVERY', 'message': msg, 'target': j['target']['commit']}, j['error_limit'], dedupe=True)
        raise OtaError('RECOVERY', msg, recorded=True)
    for d in reversed(j['mkdirs']):
        # A directory the user filled meanwhile is theirs now: it stays.
        rmdir_if_empty(d)
        feed()
    _restore_version(j, why)
    record_error({'phase': why['phase'], 'code': why['code'], 'message': why['message'], 'target': j['target']['commit']},
                 j['error_limit'], dedupe=True)
    rmtree(j['stage_dir'])
    rmtree(j['backup_dir'])
    delete_journal()
    log('rolled back to %s' % ((j['previous'] or {}).get('commit') or 'nothing')[:7])


def _restore_version(j, why):
    # Only a failed trial condemns the commit; a lost stage or a flash error says nothing about it.
    rej = with_rejected(j['rejected'], j['target']['commit']) if why['code'] == 'TRIAL_FAILED' else list(j['rejected'])
    prev = j['previous']
    if prev is not None or rej:
        # With no previous version an empty ref/commit keeps the rejection so the commit is not retried.
        v = {'ref': '', 'commit': '', 'rejected': rej}
        if prev is not None:
            v = {'ref': prev['ref'], 'commit': prev['commit'], 'rejected': rej}
            if j['previous_files'] is not None:
                v['files'] = j['previous_files']
        try:
            write_version(v)
        except OSError as e:
            # A full flash may refuse the rewrite: the previous file kept in the backup dir is renamed
            # back (no new block; only a failed trial's rejection is lost), or the file already names it,
            # or, with no previous version, the target's file is removed (its rejection is lost).
            kept = join(j['backup_dir'], VERSION)
            if exists(kept):
                os.rename(kept, VERSION)
            elif not _names_previous(j):
                if prev is not None:
                    raise
                remove_if_exists(VERSION)
            log('version.json not rewritten (%s)' % errno_name(e))
    else:
        remove_if_exists(VERSION)
    remove_if_exists(VERSION + '.tmp')
    feed()


def _version_restorable_unwritten(j):
    if exists(join(j['backup_dir'], VERSION)):
        return True
    if j['previous'] is None:
        return True
    return _names_previous(j)


def _names_previous(j):
    # version.json already names the version the rollback restores (none: no file or the "" placeholder).
    v, reason = read_version()
    prev = j['previous']
    if prev is None:
        return reason == 'missing' or (v is not None and v['ref'] == '' and v['commit'] == '')
    return v is not None and v['ref'] == prev['ref'] and v['commit'] == prev['commit']


def clean_up(j):
    # Confirmation's second half: phase cleanup first, then backups, stage, and the journal last.
    if j['phase'] != 'cleanup':
        try:
            write_journal(with_(j, phase='cleanup'))
        except OSError as e:
            # A full flash (core/commit/cleanup.ts): the journal goes first instead (a removal);
            # without a journal, what a cut leaves of stage and backups are strays.
            delete_journal()
            log('cleanup phase not written (%s)' % errno_name(e))
    rmtree(j['backup_dir'])
    rmtree(j['stage_dir'])
    delete_journal()
    log('confirmed ' + j['target']['commit'][:7])


# ---- boot-time recovery (SPEC 5.5) ---------------------------------------------------------
def recover():
    # Returns a report dict: action, on_trial, and details. Runs before the config is read.
    feed()
    try:
        return _recover_once()
    except (OtaError, OSError) as e:
        code = e.code if isinstance(e, OtaError) else 'RECOVERY'
        msg = e.message if isinstance(e, OtaError) else 'Failed to recover: %s; retried at next boot' % errno_name(e)
        if not (isinstance(e, OtaError) and e.recorded):
            record_error({'phase': 'recovery', 'code': code, 'message': msg}, ERROR_LIMIT, dedupe=True)
        log('recovery failed: %s %s' % (code, msg))
        return {'action': 'failed', 'on_trial': False, 'code': code, 'message': msg}


def _recover_once():
    _adopt_orphaned_temporaries()
    kind, j = read_journal()
    if kind == 'none':
        return {'action': 'none', 'on_trial': False, 'removed': _clean_strays()}
    if kind == 'invalid':
        reason = JOURNAL + ' ' + j
        record_error({'phase': 'recovery', 'code': 'RECOVERY', 'message': 'Failed to recover: %s; journal discarded' % reason}, ERROR_LIMIT, dedupe=True)
        delete_journal()
        return {'action': 'discarded-journal', 'on_trial': False, 'reason': reason, 'removed': _clean_strays()}
    log('journal %s, target %s, boots %d' % (j['phase'], j['target']['commit'][:7], j['boots']))
    # No write is in flight at boot: a temporary is the remains of a cut rewrite.
    for t in STATE_TMPS:
        remove_if_exists(t)
    ph = j['phase']
    if ph == 'apply':
        return _finish_apply(j)
    if ph == 'trial':
        if _undo_begun(j):
            # A rollback the full flash kept in phase trial was cut (core/commit/undo-begun.ts): finish it.
            reason = {'code': 'RECOVERY', 'phase': 'recovery',
                      'message': 'Failed to finish rolling back %s (cut on a full flash); rolled back' % j['target']['commit']}
            roll_back(j, reason)
            return {'action': 'rolled-back', 'on_trial': False, 'reason': reason}
        return {'action': 'on-trial', 'on_trial': True, 'boots': j['boots'], 'max_boots': j['max_boots'], 'target': j['target']}
    if ph == 'rollback':
        roll_back(j)
        return {'action': 'rolled-back', 'on_trial': False, 'reason': j.get('rollback') or _default_reason(j)}
    clean_up(j)
    return {'action': 'cleaned-up', 'on_trial': False}


def _undo_begun(j):
    # core/commit/undo-begun.ts: on trial every add/replace target and every replace/delete backup
    # is in place; one missing is the mark of an undo step (a rollback with the journal left in trial).
    for op in j['ops']:
        if op['op'] != 'delete' and not exists(op['path']):
            return True
        if op['op'] != 'add' and not exists(join(j['backup_dir'], op['path'])):
            return True
    return False


def _adopt_orphaned_temporaries():
    # core/recovery.ts: X missing but X.tmp complete means the rename onto X was cut (a torn FAT
    # rename, or the first write of X): that temporary IS the latest state, so it is renamed into
    # place rather than dropped. A torn temporary is left for the stray cleanup.
    for name in (JOURNAL, VERSION, ERRORS, STATE):
        tmp = name + '.tmp'
        if exists(name) or not exists(tmp):
            continue
        complete = (read_journal(tmp)[0] == 'ok') if name == JOURNAL else (read_json(tmp)[0] == 'ok')
        if not complete:
            continue
        os.rename(tmp, name)
        log('adopted ' + tmp)


def _finish_apply(j):
    try:
        ok, res = roll_forward(j, 'recovery')
        if ok:
            return {'action': 'rolled-forward', 'on_trial': True, 'boots': 0, 'max_boots': j['max_boots'], 'target': j['target']}
        reason = res
    except OSError as e:
        reason = {'code': 'RECOVERY', 'phase': 'recovery',
                  'message': 'Failed to finish the update to %s: %s; rolled back' % (j['target']['commit'], errno_name(e))}
    roll_back(j, reason)
    return {'action': 'rolled-back', 'on_trial': False, 'reason': reason}


def _clean_strays():
    # A complete journal temporary was adopted before this runs; a custom stage dir left by a torn
    # one is cleared by the next update before it stages anything (as in core).
    removed = []
    for d in (STAGE_DEFAULT, BACKUP_DEFAULT):
        if stat(d) is None:
            continue
        rmtree(d)
        removed.append(d)
    # The journal tmp goes last: until the dirs are gone it is the only record of their names.
    jt = JOURNAL + '.tmp'
    for t in [x for x in STATE_TMPS if x != jt] + [jt]:
        if remove_if_exists(t):
            removed.append(t)
        feed()
    if removed:
        log('removed ' + ', '.join(removed))
    return removed


# ---- trial boots and confirmation (core/trial.ts) ------------------------------------------
def begin_boot_on_trial(reset_cause='hard'):
    # Counts this boot before the app starts; rolls back once the trial budget is spent.
    kind, j = read_journal()
    if kind != 'ok' or j['phase'] != 'trial':
        return {'on_trial': False, 'rolled_back': False}
    boots = j['boots'] + 1
    # This boot's cause says how the previous trial boot ended; the first follows our own reset.
    losses = (j.get('power_losses') or 0) + (1 if j['boots'] > 0 and reset_cause == 'power-on' else 0)
    failed = j['boots'] - losses
    if failed >= j['max_boots'] or boots > POWER_LOSS_FACTOR * max(1, j['max_boots']):
        if failed >= j['max_boots']:
            why = '%d trial boot(s) ended without confirmation' % failed
        else:
            why = '%d trial boots (%d lost power) ended without confirmation' % (boots - 1, losses)
        prev = (j['previous'] or {}).get('commit') or 'the previous files'
        msg = 'Version %s was not confirmed: %s; rolled back to %s' % (j['target']['commit'], why, prev)
        roll_back(with_(j, boots=boots, power_losses=losses), {'code': 'TRIAL_FAILED', 'phase': 'trial', 'message': msg})
        return {'on_trial': False, 'rolled_back': True, 'boots': boots}
    try:
        write_journal(with_(j, boots=boots, power_losses=losses))
    except OSError as e:
        # core/trial.ts: a full flash cannot take the count; an uncounted boot of a hung or crashing
        # app would repeat forever, so the version is rolled back (not rejected: FLASH, not TRIAL_FAILED).
        prev = (j['previous'] or {}).get('commit') or 'the previous files'
        msg = 'Version %s was not confirmed: trial boot %d could not be counted (flash error %s); rolled back to %s' % (
            j['target']['commit'], boots, errno_name(e), prev)
        roll_back(j, {'code': 'FLASH', 'phase': 'trial', 'message': msg})
        return {'on_trial': False, 'rolled_back': True, 'boots': boots}
    log('on trial %s, boot %d of %d' % (j['target']['commit'][:7], boots, j['max_boots']))
    return {'on_trial': True, 'rolled_back': False, 'boots': boots, 'max_boots': j['max_boots']}


def confirm():
    # The app accepts the running version. False when nothing was on trial.
    kind, j = read_journal()
    if kind == 'none':
        return False
    if kind == 'invalid':
        raise OtaError('RECOVERY', 'Failed to confirm: the journal is unreadable (%s)' % j)
    if j['phase'] != 'trial' and j['phase'] != 'cleanup':
        raise OtaError('INTERNAL', 'Failed to confirm: the journal is in phase %s, not trial' % j['phase'])
    try:
        clean_up(j)
    except OSError as e:
        # core/trial.ts confirm: a full flash must not crash the app that confirms; the journal
        # stays, so the next boot counts a trial boot and the app confirms again.
        msg = 'Failed to confirm %s: flash error %s; retried at next boot' % (j['target']['commit'], errno_name(e))
        record_error({'phase': 'trial', 'code': 'FLASH', 'message': msg}, j['error_limit'], dedupe=True)
        return False
    return True


def reset_cause():
    try:
        import machine
        c = machine.reset_cause()
        for name, cause in (('PWRON_RESET', 'power-on'), ('WDT_RESET', 'watchdog'), ('SOFT_RESET', 'soft'), ('HARD_RESET', 'hard')):
            if getattr(machine, name, None) == c:
                return cause
    except Exception:
        pass
    return 'hard'


def hook(name, arg):
    # Optional observer (the simulator registers a module `otalab_hooks`; a board has none).
    try:
        import otalab_hooks
    except ImportError:
        return
    fn = getattr(otalab_hooks, name, None)
    if fn is not None:
        fn(arg)


def _count_trial_boot():
    # core/boot.ts countTrialBoot: a flash error (of a rollback; a refused count rolls back) is recorded (when the flash takes it) and the board stays put: the journal is left, so the update check is deferred and nothing confirms.
    global rolled_back
    try:
        t = begin_boot_on_trial(reset_cause())
        rolled_back = t['rolled_back']
        return t['on_trial']
    except (OtaError, OSError) as e:
        if isinstance(e, OtaError):
            if not e.recorded:
                record_error({'phase': 'trial', 'code': e.code, 'message': e.message}, ERROR_LIMIT, dedupe=True)
        else:
            record_error({'phase': 'trial', 'code': 'FLASH', 'message': 'Failed to count a trial boot: flash error %s; retried at next boot' % errno_name(e)},
                         ERROR_LIMIT, dedupe=True)
        log('trial bookkeeping failed')
        return False


# This boot rolled a version back (recovery or trial): startup.py shows it on the status LED.
rolled_back = False


def boot():
    # Recovery, then trial bookkeeping. True when the running version is on trial.
    global rolled_back
    report = recover()
    rolled_back = report['action'] == 'rolled-back'
    log('recovery: ' + report['action'])
    hook('on_recovered', report['action'])
    on_trial = False
    if report['on_trial']:
        on_trial = _count_trial_boot()
    gc.collect()
    return on_trial
