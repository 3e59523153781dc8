# A small HTTP/1.1 client over socket/ssl (not micropython-lib requests, which forwards
# Authorization across redirects and cannot show the status before the body streams).
# One GET per connection (`Connection: close`); the status line and headers are parsed, within
# HEADER_MAX bytes, before a body byte is read; Content-Length is honoured; chunked
# transfer-encoding is decoded. Every socket operation has the one timeout given, so no step
# blocks longer than that; a timeout or a dropped link is an OSError, re-raised as NetError.
import socket
from otalab_recover import feed

HEADER_MAX = 8192


class NetError(Exception):
    # The link failed (DNS, connect, reset, timeout): something a retry may fix.
    pass


def split_url(url):
    # (https, host, port, path); ValueError for what is not an absolute http(s) URL.
    if url.startswith('https://'):
        tls, rest, port = True, url[8:], 443
    elif url.startswith('http://'):
        tls, rest, port = False, url[7:], 80
    else:
        raise ValueError('not an http(s) URL: ' + url)
    i = rest.find('/')
    hostport, path = (rest, '/') if i < 0 else (rest[:i], rest[i:])
    host = hostport
    if hostport.startswith('['):
        j = hostport.find(']')
        host, tail = hostport[1:j], hostport[j + 1:]
        if tail.startswith(':'):
            port = int(tail[1:])
    elif ':' in hostport:
        host, p = hostport.rsplit(':', 1)
        port = int(p)
    if not host:
        raise ValueError('no host in ' + url)
    return tls, host.lower(), port, path


def origin(url):
    try:
        tls, host, port, _ = split_url(url)
    except ValueError:
        return ''
    return '%s://%s:%d' % ('https' if tls else 'http', host, port)


def host_of(url):
    try:
        return split_url(url)[1]
    except ValueError:
        return url


class Response:
    def __init__(self, sock, url):
        self.sock = sock
        self.url = url
        self.status = 0
        self.headers = {}
        self.left = None      # body bytes still expected (Content-Length), None = until close
        self.chunked = False
        self.chunk_left = 0
        self.done = False
        self._b1 = bytearray(1)

    def header(self, name):
        return self.headers.get(name)

    def _byte(self):
        try:
            n = self.sock.readinto(self._b1)
        except OSError as e:
            raise NetError('connection failed: %s' % _why(e))
        return self._b1[0] if n else -1

    def _line(self, budget):
        # One CRLF-terminated line, at most `budget` bytes; '' at a clean EOF.
        out = bytearray()
        while True:
            b = self._byte()
            if b < 0:
                return str(out, 'latin-1') if out else ''
            out.append(b)
            if b == 10:
                return str(out, 'latin-1').rstrip('\r\n') + '\n'
            if len(out) >= budget:
                raise NetError('response header larger than %d bytes' % HEADER_MAX)

    def read_head(self):
        used = 0
        line = self._line(HEADER_MAX)
        used += len(line)
        parts = line.split(None, 2)
        if len(parts) < 2 or not parts[0].startswith('HTTP/1.'):
            raise NetError('not an HTTP response')
        self.status = int(parts[1])
        while True:
            line = self._line(HEADER_MAX - used)
            used += len(line)
            if line in ('', '\n'):
                if line == '':
                    raise NetError('connection closed in the response header')
                break
            k, _, v = line.partition(':')
            k = k.strip().lower()
            v = v.strip()
            self.headers[k] = (self.headers[k] + ', ' + v) if k in self.headers else v
        if 'chunked' in self.headers.get('transfer-encoding', '').lower():
            self.chunked = True
        else:
            cl = self.headers.get('content-length')
            if cl is not None and cl.strip().isdigit():
                self.left = int(cl.strip())
        if self.left == 0:
            self.done = True

    def readinto(self, mv):
        # Body bytes into mv; 0 at the end (a clean early close ends the body too: the caller's
        # size check catches it, as core's does). A reset or timeout raises NetError.
        if self.done:
            return 0
        if self.chunked:
            if self.chunk_left == 0:
                size = self._line(64).strip().split(';')[0]
                if size == '':
                    self.done = True
                    return 0
                self.chunk_left = int(size, 16)
                if self.chunk_left == 0:
                    self.done = True
                    return 0
            want = min(len(mv), self.chunk_left)
        else:
            want = len(mv) if self.left is None else min(len(mv), self.left)
        try:
            n = self.sock.readinto(mv[:want] if want < len(mv) else mv)
        except OSError as e:
            raise NetError('connection dropped: %s' % _why(e))
        if not n:
            self.done = True
            return 0
        if self.chunked:
            self.chunk_left -= n
            if self.chunk_left == 0:
                self._line(4)
        elif self.left is not None:
            self.left -= n
            if self.left == 0:
                self.done = True
        return n

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None


def _why(e):
    n = e.args[0] if e.args else None
    names = {110: 'ETIMEDOUT', 116: 'ETIMEDOUT', 104: 'ECONNRESET', 113: 'EHOSTUNREACH', 111: 'ECONNREFUSED', -2: 'DNS failure'}
    return names.get(n, str(n)) if isinstance(n, int) else str(e)


def get(url, headers, timeout_s):
    # GET url with headers (list of (name, value)); returns a Response whose head is read.
    tls, host, port, path = split_url(url)
    feed()
    try:
        addr = socket.getaddrinfo(host, port)[0][-1]
    except OSError as e:
        raise NetError('cannot resolve %s: %s' % (host, _why(e)))
    s = socket.socket()
    try:
        s.settimeout(timeout_s)
        s.connect(addr)
        if tls:
            import ssl
            s = ssl.wrap_socket(s, server_hostname=host)
        default = 443 if tls else 80
        req = ['GET %s HTTP/1.1\r\nHost: %s\r\n' % (path, host if port == default else '%s:%d' % (host, port))]
        for k, v in headers:
            req.append('%s: %s\r\n' % (k, v))
        req.append('Connection: close\r\n\r\n')
        s.write(''.join(req).encode())
    except OSError as e:
        s.close()
        raise NetError('connection to %s failed: %s' % (host, _why(e)))
    feed()
    r = Response(s, url)
    try:
        r.read_head()
    except Exception:
        r.close()
        raise
    feed()
    return r
