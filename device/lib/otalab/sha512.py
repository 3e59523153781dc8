# SHA-512 (FIPS 180-4) in pure MicroPython, for Ed25519 verification (ed25519.py). Neither the
# Pico W firmware's hashlib (sha256, sha1) nor the wasm interpreter's (sha256) has sha512; when a
# port does, ed25519.py uses the native one instead. Slow (64-bit words are big ints here), but it
# hashes only a manifest's text once per update.
_K = None
_M = 0xFFFFFFFFFFFFFFFF
_H0 = (0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
       0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179)


def _k():
    # The 80 round constants: the first 64 bits of the fractional parts of the cube roots of the
    # first 80 primes, computed once (integer cube root by Newton), not typed in.
    global _K
    if _K is None:
        out = []
        n = 2
        while len(out) < 80:
            if all(n % q for q in range(2, int(n ** 0.5) + 1)):
                x = n << 192  # cube root of n * 2^192 = cbrt(n) * 2^64
                r = 1 << 90  # above every root here (< 2^73): Newton descends
                while True:
                    s = (2 * r + x // (r * r)) // 3
                    if s >= r:
                        break
                    r = s
                while r * r * r > x:
                    r -= 1
                out.append(r & _M)
            n += 1
        _K = out
    return _K


def _ror(x, n):
    return ((x >> n) | (x << (64 - n))) & _M


def _block(h, b, k):
    w = [int.from_bytes(b[i:i + 8], 'big') for i in range(0, 128, 8)]
    for i in range(16, 80):
        x, y = w[i - 15], w[i - 2]
        s0 = _ror(x, 1) ^ _ror(x, 8) ^ (x >> 7)
        s1 = _ror(y, 19) ^ _ror(y, 61) ^ (y >> 6)
        w.append((w[i - 16] + s0 + w[i - 7] + s1) & _M)
    a, bb, c, d, e, f, g, hh = h
    for i in range(80):
        t1 = (hh + (_ror(e, 14) ^ _ror(e, 18) ^ _ror(e, 41)) + ((e & f) ^ (~e & g)) + k[i] + w[i]) & _M
        t2 = ((_ror(a, 28) ^ _ror(a, 34) ^ _ror(a, 39)) + ((a & bb) ^ (a & c) ^ (bb & c))) & _M
        hh, g, f, e, d, c, bb, a = g, f, e, (d + t1) & _M, c, bb, a, (t1 + t2) & _M
    return [(x + y) & _M for x, y in zip(h, (a, bb, c, d, e, f, g, hh))]


class sha512:
    def __init__(self, data=None):
        self._h = list(_H0)
        self._buf = b''
        self._n = 0
        if data:
            self.update(data)

    def update(self, data):
        # Only a partial block is carried over: the caller's data is sliced, never copied whole.
        data = bytes(data)
        self._n += len(data)
        k = _k()
        i = 0
        if self._buf:
            i = min(128 - len(self._buf), len(data))
            self._buf += data[:i]
            if len(self._buf) < 128:
                return
            self._h = _block(self._h, self._buf, k)
            self._buf = b''
        while i + 128 <= len(data):
            self._h = _block(self._h, data[i:i + 128], k)
            i += 128
        self._buf = data[i:]

    def digest(self):
        n = self._n
        tail = self._buf + b'\x80' + b'\x00' * ((111 - len(self._buf)) % 128) + (n * 8).to_bytes(16, 'big')
        h = self._h
        k = _k()
        for i in range(0, len(tail), 128):
            h = _block(h, tail[i:i + 128], k)
        return b''.join([x.to_bytes(8, 'big') for x in h])
