# The updater's view of GitHub (core/github/client.ts, resolve.ts, release.ts, read-body.ts):
# resolve what to install, fetch a release's manifest text, open file downloads. Every request
# goes through one Transport. JSON bodies are read whole but bounded (Content-Length checked
# before a byte is read, the read itself counted), then parsed.
import gc
import json
from otalab_recover import OtaError, feed, loads
from otalab import http
from otalab.transport import Transport

API_JSON_CAP = 32 * 1024
MANIFEST_CAP = 64 * 1024
MANIFEST_ASSET = 'manifest.json'
MAX_TAG_DEPTH = 4
_SAFE = b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*\'()'


def quote_component(s):
    # encodeURIComponent over the UTF-8 bytes.
    out = []
    for b in s.encode():
        out.append(chr(b) if b in _SAFE else '%%%02X' % b)
    return ''.join(out)


def encode_segments(p):
    return '/'.join([quote_component(x) for x in p.split('/')])


def bad(what, field, want):
    return OtaError('BAD_RESPONSE', 'unexpected JSON from GitHub (%s): %s must be %s' % (what, field, want))


def obj(v, what, field):
    if not isinstance(v, dict):
        raise bad(what, field, 'an object')
    return v


def string(o, key, what, field=None):
    v = o.get(key)
    if not isinstance(v, str):
        raise bad(what, field or key, 'a string')
    return v


def sha(o, key, what, field=None):
    v = string(o, key, what, field)
    if len(v) != 40 or [c for c in v if c not in '0123456789abcdef']:
        raise bad(what, field or key, 'a 40-hex SHA-1')
    return v


def count(o, key, what, field=None):
    v = o.get(key)
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise bad(what, field or key, 'a non-negative integer')
    return v


def too_large(code, n, cap):
    return OtaError(code, 'Response too large: %d bytes (limit: %d KB)' % (n, cap // 1024))


def read_capped(res, what, cap, code):
    # The whole body, at most cap bytes; the response is closed either way.
    try:
        cl = res.header('content-length')
        if cl is not None and cl.strip().isdigit() and int(cl.strip()) > cap:
            raise too_large(code, int(cl.strip()), cap)
        out = bytearray()
        buf = bytearray(512)
        mv = memoryview(buf)
        while True:
            try:
                n = res.readinto(mv)
            except http.NetError as e:
                raise OtaError('NETWORK', 'connection dropped while reading %s after %d bytes: %s' % (what, len(out), e))
            if not n:
                return out
            if len(out) + n > cap:
                raise too_large(code, len(out) + n, cap)
            out.extend(mv[:n])
            feed()
    finally:
        res.close()


def check_json_type(res, url):
    t = res.header('content-type') or ''
    low = t.lower()
    if low.startswith('application/'):
        main = low[12:].split(';')[0].rstrip()
        if main == 'json' or (main.endswith('+json') and len(main) > 5):
            return
    if low.startswith('text/html'):
        raise OtaError('BAD_RESPONSE', 'got an HTML page instead of JSON - captive portal or proxy? (from %s)' % http.host_of(url))
    raise OtaError('BAD_RESPONSE', 'expected JSON from %s, got content-type %s' % (http.host_of(url), json.dumps(t)))


def parse_json_bytes(data, what):
    try:
        text = str(data, 'utf-8')
    except Exception:
        raise OtaError('BAD_RESPONSE', what + ' is not valid UTF-8')
    try:
        return loads(text)
    except Exception as e:
        raise OtaError('BAD_RESPONSE', '%s is not valid JSON: %s' % (what, e))


class Client:
    def __init__(self, cfg):
        self.cfg = cfg
        self.t = Transport(cfg)
        self.repo = cfg['owner'] + '/' + cfg['repo']

    def repo_json(self, path, not_found, cap=API_JSON_CAP, code='BAD_RESPONSE'):
        c = self.cfg
        url = '%s/repos/%s/%s/%s' % (c['api_base'], quote_component(c['owner']), quote_component(c['repo']), path)
        res = self.t.get(url, 'json', not_found)
        try:
            check_json_type(res, url)
        except OtaError:
            res.close()
            raise
        data = read_capped(res, path, cap, code)
        gc.collect()
        v = parse_json_bytes(data, path)
        del data
        gc.collect()
        return v

    def lookup_json(self, path, not_found, etag):
        # core client.ts lookupJson: None for a 304, else (value, the ETag sent or None).
        c = self.cfg
        url = '%s/repos/%s/%s/%s' % (c['api_base'], quote_component(c['owner']), quote_component(c['repo']), path)
        res = self.t.get(url, 'json', not_found, etag)
        if res.status == 304:
            return None
        tag = res.header('etag')
        try:
            check_json_type(res, url)
        except OtaError:
            res.close()
            raise
        data = read_capped(res, path, API_JSON_CAP, 'BAD_RESPONSE')
        gc.collect()
        v = parse_json_bytes(data, path)
        del data
        gc.collect()
        return v, tag

    def raw_file_url(self, commit, path):
        # By commit SHA, never by branch: raw URLs naming a branch are cached for ~300 s.
        c = self.cfg
        return '%s/%s/%s/%s/%s' % (c['raw_base'], quote_component(c['owner']), quote_component(c['repo']), commit, encode_segments(path))

    def download(self, url, path, extra=None):
        return self.t.get(url, 'bytes', '%s not found at %s' % (path, url), extra=extra)

    def lookup_path(self):
        # The API path of a check's first request, which a stored ETag belongs to (core resolve.ts).
        c = self.cfg
        if c['tag'] is not None:
            return 'git/ref/tags/' + encode_segments(c['tag'])
        return 'releases/latest' if c['channel'] == 'stable' else 'git/ref/heads/' + encode_segments(c['branch'])

    def resolve_target(self, etag=None):
        # (target, etag of the lookup or None); (None, None) for a 304 (only when etag was sent).
        # target = {'ref', 'commit', 'mode', 'release'}: a pinned tag wins, else stable = latest release.
        c = self.cfg
        path = self.lookup_path()
        if c['tag'] is not None:
            nf = 'tag %s not found in %s' % (c['tag'], self.repo)
        elif c['channel'] == 'stable':
            nf = 'no release in %s (channel stable needs a published release; use channel developer or publish one)' % self.repo
        else:
            nf = 'branch %s not found in %s' % (c['branch'], self.repo)
        got = self.lookup_json(path, nf, etag)
        if got is None:
            return None, None
        v, tag = got
        if c['tag'] is not None:
            commit = self._deref('tags', c['tag'], path, v)
            return {'ref': c['tag'], 'commit': commit, 'mode': 'tag', 'release': self._release_for_tag(c['tag'])}, tag
        if c['channel'] == 'stable':
            rel = parse_release(v, 'releases/latest')
            commit = self._resolve_ref('tags', rel['tag'], 'tag %s of the latest release not found in %s' % (rel['tag'], self.repo))
            return {'ref': rel['tag'], 'commit': commit, 'mode': 'release', 'release': rel}, tag
        commit = self._deref('heads', c['branch'], path, v)
        return {'ref': c['branch'], 'commit': commit, 'mode': 'branch', 'release': None}, tag

    def _release_for_tag(self, tag):
        path = 'releases/tags/' + encode_segments(tag)
        try:
            return parse_release(self.repo_json(path, 'no release for tag ' + tag), path)
        except OtaError as e:
            if e.code == 'NOT_FOUND':
                return None
            raise

    def _resolve_ref(self, kind, name, not_found):
        path = 'git/ref/%s/%s' % (kind, encode_segments(name))
        return self._deref(kind, name, path, self.repo_json(path, not_found))

    def _deref(self, kind, name, path, body):
        # A ref's body, through annotated tags, to its commit.
        target = obj(obj(body, path, '(body)').get('object'), path, 'object')
        depth = 0
        while True:
            typ = string(target, 'type', path, 'object.type')
            oid = sha(target, 'sha', path, 'object.sha')
            if typ == 'commit':
                return oid
            if typ != 'tag':
                raise OtaError('BAD_RESPONSE', '%s %s points at a %s, not a commit' % ('tag' if kind == 'tags' else 'branch', name, typ))
            if depth >= MAX_TAG_DEPTH:
                raise OtaError('BAD_RESPONSE', 'tag %s nests more than %d annotated tags' % (name, MAX_TAG_DEPTH))
            tp = 'git/tags/' + oid
            target = obj(obj(self.repo_json(tp, 'tag object %s of %s not found' % (oid, name)), tp, '(body)').get('object'), tp, 'object')
            depth += 1

    def fetch_manifest(self, release):
        # The text of the release's manifest.json asset; None when it has none.
        asset = None
        for a in release['assets']:
            if a['name'] == MANIFEST_ASSET:
                asset = a
                break
        if asset is None:
            return None
        res = self.t.get(asset['url'], 'bytes', '%s of release %s not found' % (MANIFEST_ASSET, release['tag']))
        if (res.header('content-type') or '').lower().startswith('text/html'):
            res.close()
            raise OtaError('BAD_RESPONSE', 'got an HTML page instead of %s - captive portal or proxy? (from %s)' % (MANIFEST_ASSET, http.host_of(asset['url'])))
        data = read_capped(res, MANIFEST_ASSET, MANIFEST_CAP, 'BAD_RESPONSE')
        try:
            return str(data, 'utf-8')
        except Exception:
            raise OtaError('BAD_RESPONSE', MANIFEST_ASSET + ' is not valid UTF-8')


def parse_release(v, what):
    o = obj(v, what, '(body)')
    assets = o.get('assets')
    if not isinstance(assets, list):
        raise bad(what, 'assets', 'an array')
    out = []
    for i, a in enumerate(assets):
        f = 'assets[%d]' % i
        a = obj(a, what, f)
        out.append({'name': string(a, 'name', what, f + '.name'), 'url': string(a, 'url', what, f + '.url'),
                    'size': count(a, 'size', what, f + '.size')})
    body = o.get('body')
    return {'tag': string(o, 'tag_name', what), 'assets': out, 'body': body if isinstance(body, str) else None}
