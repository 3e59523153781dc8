# `socket` of the virtual Pico W: REAL TCP connections made by the board process; the CPU blocks
# until the answer (settimeout honoured in real ms). Errors are OSError with the numbers a Pico W
# (lwIP) raises: refused/reset 104 ECONNRESET, 107 ENOTCONN, 110 ETIMEDOUT, 11 EAGAIN, and -2
# from getaddrinfo for a name that does not resolve. Ctrl-C ends a wait with KeyboardInterrupt.
import uctypes
from _otalab_bridge import net_close, net_connect, net_recv, net_resolve, net_send, net_socket

AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
IPPROTO_TCP = 6
IPPROTO_UDP = 17
SOL_SOCKET = 1
SO_REUSEADDR = 4
_INTERRUPTED = -1001


def _check(r):
    if r == _INTERRUPTED:
        raise KeyboardInterrupt
    if r < 0:
        raise OSError(-r)
    return r


def getaddrinfo(host, port, af=0, type=0, proto=0, flags=0):
    ip = net_resolve(str(host))
    if not isinstance(ip, str):
        raise OSError(-2)
    return [(AF_INET, SOCK_STREAM, IPPROTO_TCP, '', (ip, port))]


class socket:
    def __init__(self, af=AF_INET, type=SOCK_STREAM, proto=IPPROTO_TCP):
        self._id = net_socket()
        self._ms = -1
        self._rb = b''

    def connect(self, addr):
        _check(net_connect(self._id, addr[0], addr[1], self._ms))

    def settimeout(self, t):
        self._ms = -1 if t is None else int(t * 1000)

    def setblocking(self, flag):
        self.settimeout(None if flag else 0)

    def setsockopt(self, *args):
        pass

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        elif not isinstance(data, (bytes, bytearray)):
            data = bytes(data)
        n = len(data)
        if n == 0:
            return 0
        return _check(net_send(self._id, uctypes.addressof(data), n))

    write = send
    sendall = send

    def _fill(self, n):
        buf = bytearray(n)
        k = _check(net_recv(self._id, uctypes.addressof(buf), n, self._ms))
        return bytes(buf) if k == n else bytes(buf[:k])

    def recv(self, n):
        if self._rb:
            out = self._rb[:n]
            self._rb = self._rb[n:]
            return out
        return self._fill(n) if n > 0 else b''

    def readinto(self, buf, nbytes=None):
        n = len(buf) if nbytes is None else min(nbytes, len(buf))
        data = self.recv(n)
        buf[:len(data)] = data
        return len(data)

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
        out = b''
        while True:
            if not self._rb:
                self._rb = self._fill(1024)
                if not self._rb:
                    return out
            i = self._rb.find(b'\n')
            if i >= 0:
                out += self._rb[:i + 1]
                self._rb = self._rb[i + 1:]
                return out
            out += self._rb
            self._rb = b''

    def makefile(self, mode='rb', buffering=0):
        return self

    def close(self):
        if self._id:
            net_close(self._id)
            self._id = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
