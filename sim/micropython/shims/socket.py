# `socket` over the board's Link: one HTTP/1.1 exchange per connection (sim/micropython/http-conn.ts).
# Errors are OSError(errno): ECONNRESET 104, ETIMEDOUT 110, and -2 for a DNS/TLS failure, which
# the write completing the request raises (the link decides its faults per request).
import uctypes
import _otalab_sim as S
from _otalab_bridge import net_available, net_close, net_connect, net_line_length, net_read, net_resolve, net_send, net_settimeout, net_socket

AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
IPPROTO_TCP = 6
IPPROTO_UDP = 17
SOL_SOCKET = 1
SO_REUSEADDR = 4
_DNS_FAILED = -1000


def _raise(r):
    raise OSError(-2 if r == _DNS_FAILED else -r)


def getaddrinfo(host, port, af=0, type=0, proto=0, flags=0):
    S.sample('socket.getaddrinfo')
    return [(AF_INET, SOCK_STREAM, IPPROTO_TCP, '', (net_resolve(host), port))]


class socket:
    def __init__(self, af=AF_INET, type=SOCK_STREAM, proto=IPPROTO_TCP):
        self._id = net_socket()

    def connect(self, addr):
        S.sample('socket.socket.connect')
        r = net_connect(self._id, addr[0], addr[1])
        if r < 0:
            _raise(r)

    def settimeout(self, t):
        net_settimeout(self._id, -1 if t is None else t * 1000)

    def setblocking(self, flag):
        self.settimeout(None if flag else 0)

    def setsockopt(self, *args):
        pass

    def send(self, data):
        S.sample('socket.socket.send')
        if isinstance(data, str):
            data = data.encode()
        n = len(data)
        if n == 0:
            return 0
        r = net_send(self._id, uctypes.addressof(data), n)
        if r < 0:
            _raise(r)
        return r

    write = send
    sendall = send

    def readinto(self, buf, nbytes=None):
        S.sample('socket.socket.readinto')
        n = len(buf) if nbytes is None else min(nbytes, len(buf))
        if n == 0:
            return 0
        r = net_read(self._id, uctypes.addressof(buf), n)
        if r < 0:
            _raise(r)
        return r

    def recv(self, n):
        S.sample('socket.socket.recv')
        k = net_available(self._id, n)
        if k < 0:
            _raise(k)
        if k == 0:
            return b''
        buf = bytearray(k)
        net_read(self._id, uctypes.addressof(buf), k)
        return bytes(buf)

    def read(self, n=-1):
        if n is not None and n >= 0:
            return self.recv(n)
        parts = []
        while True:
            part = self.recv(1024)
            if not part:
                return b''.join(parts)
            parts.append(part)

    def readline(self):
        S.sample('socket.socket.readline')
        out = b''
        while True:
            k = net_line_length(self._id, 1024)
            if k < 0:
                _raise(k)
            if k == 0:
                return out
            buf = bytearray(k)
            net_read(self._id, uctypes.addressof(buf), k)
            out += buf
            if buf[k - 1] == 10:
                return out

    def makefile(self, mode='rb', buffering=0):
        return self

    def close(self):
        net_close(self._id)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
