# `requests` / `urequests` as frozen into Pico W firmware builds (micropython-lib's requests API),
# written for the lab over its socket shim so a foreign updater runs unchanged. Only boards running
# a foreign updater get it (host.ts): our updater speaks HTTP itself. HTTP/1.0 (the server closes
# the connection at the end of the body), redirects 301/302/303 (as GET) and 307/308 followed.
import _shim_socket as socket
import _shim_ssl as ssl
import _otalab_sim as S

try:
    import ujson as _json
except ImportError:
    import json as _json


class Response:
    def __init__(self, f):
        self.raw = f
        self.encoding = 'utf-8'
        self._cached = None
        self.status_code = None
        self.reason = ''
        self.headers = {}

    def close(self):
        if self.raw:
            self.raw.close()
            self.raw = None
        self._cached = None

    @property
    def content(self):
        if self._cached is None:
            try:
                self._cached = self.raw.read()
            finally:
                self.raw.close()
                self.raw = None
        return self._cached

    @property
    def text(self):
        return str(self.content, self.encoding)

    def json(self):
        return _json.loads(self.content)


def request(method, url, data=None, json=None, headers=None, stream=None, auth=None, timeout=None, parse_headers=True):
    S.sample('requests.request')
    headers = dict(headers or {})
    redirect = None
    try:
        proto, _, host, path = url.split('/', 3)
    except ValueError:
        proto, _, host = url.split('/', 2)
        path = ''
    if proto == 'http:':
        port = 80
    elif proto == 'https:':
        port = 443
    else:
        raise ValueError('Unsupported protocol: ' + proto)
    if ':' in host:
        host, p = host.split(':', 1)
        port = int(p)
    ai = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
    s = socket.socket(ai[0], socket.SOCK_STREAM, ai[2])
    resp_d = {} if parse_headers else None
    try:
        if timeout is not None:
            s.settimeout(timeout)
        s.connect(ai[-1])
        if proto == 'https:':
            s = ssl.wrap_socket(s, server_hostname=host)
        s.write(b'%s /%s HTTP/1.0\r\n' % (method, path))
        if 'Host' not in headers:
            s.write(b'Host: %s\r\n' % host)
        for k in headers:
            s.write(k)
            s.write(b': ')
            s.write(headers[k])
            s.write(b'\r\n')
        if json is not None:
            data = _json.dumps(json)
            s.write(b'Content-Type: application/json\r\n')
        if data:
            s.write(b'Content-Length: %d\r\n' % len(data))
        s.write(b'Connection: close\r\n\r\n')
        if data:
            s.write(data)
        line = s.readline()
        parts = line.split(None, 2)
        if len(parts) < 2:
            raise ValueError('HTTP error: BadStatusLine:\n%s' % line)
        status = int(parts[1])
        reason = str(parts[2].rstrip(), 'utf-8') if len(parts) > 2 else ''
        while True:
            line = s.readline()
            if not line or line == b'\r\n':
                break
            if line.lower().startswith(b'transfer-encoding:') and b'chunked' in line.lower():
                raise ValueError('Unsupported ' + str(line, 'utf-8'))
            if line.lower().startswith(b'location:') and not 200 <= status <= 299:
                if status in (301, 302, 303, 307, 308):
                    redirect = str(line[9:].strip(), 'utf-8')
                else:
                    raise NotImplementedError('Redirect %d not yet supported' % status)
            if parse_headers:
                k, v = str(line, 'utf-8').split(':', 1)
                resp_d[k.strip()] = v.strip()
    except OSError:
        s.close()
        raise
    if redirect:
        s.close()
        if status in (301, 302, 303):
            return request('GET', redirect, None, None, headers, stream, timeout=timeout)
        return request(method, redirect, data, json, headers, stream, timeout=timeout)
    resp = Response(s)
    resp.status_code = status
    resp.reason = reason
    if resp_d is not None:
        resp.headers = resp_d
    return resp


def head(url, **kw):
    return request('HEAD', url, **kw)


def get(url, **kw):
    return request('GET', url, **kw)


def post(url, **kw):
    return request('POST', url, **kw)


def put(url, **kw):
    return request('PUT', url, **kw)


def patch(url, **kw):
    return request('PATCH', url, **kw)


def delete(url, **kw):
    return request('DELETE', url, **kw)
