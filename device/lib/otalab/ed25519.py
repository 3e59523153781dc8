# Ed25519 signature VERIFICATION (RFC 8032 section 5.1.7) in pure MicroPython, for signed release
# manifests (docs/SPEC.md, "Ed25519-signed manifests"). Verify only: a board never signs. Points
# in extended coordinates (X:Y:Z:T), a = -1 formulas (Hisil et al. 2008); [S]B - [k]A in one
# joint double-and-add pass (Straus), feeding the watchdog as it goes: the pass takes seconds on a
# Pico W. Not constant time, and need not be: everything it handles is public.
try:
    from hashlib import sha512 as _sha512
except ImportError:
    from otalab.sha512 import sha512 as _sha512

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
_BY = 4 * pow(5, P - 2, P) % P
FEED_EVERY = 16
HASH_SLICE = 512


def _inv(x):
    return pow(x, P - 2, P)


def _recover_x(y, sign):
    # RFC 8032 5.1.3: x from y and the sign bit, or None when y is no curve point's.
    if y >= P:
        return None
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    vx2 = v * x * x % P
    if vx2 != u:
        if vx2 != (P - u) % P:
            return None
        x = x * SQRT_M1 % P
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return x


def decode_point(b):
    if len(b) != 32:
        return None
    n = int.from_bytes(b, 'little')
    sign = n >> 255
    y = n & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def encode_point(q):
    x, y, z, _ = q
    zi = _inv(z)
    x = x * zi % P
    y = y * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, 'little')


def _add(p, q):
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * D * t1 * t2 % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _double(p):
    x1, y1, z1, _ = p
    a = x1 * x1 % P
    b = y1 * y1 % P
    c = 2 * z1 * z1 % P
    h = a + b
    xy = x1 + y1
    e = h - xy * xy % P
    g = a - b
    f = c + g
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def base_point():
    return (_recover_x(_BY, 0), _BY, 1, _recover_x(_BY, 0) * _BY % P)


def _sb_minus_ka(s, k, a, feed):
    # [s]B + [k](-A), one pass over the bits from the top.
    b = base_point()
    x, y, z, t = a
    na = ((P - x) % P, y, z, (P - t) % P)
    both = _add(b, na)
    q = (0, 1, 1, 0)
    for i in range(255, -1, -1):
        q = _double(q)
        bs = (s >> i) & 1
        bk = (k >> i) & 1
        if bs and bk:
            q = _add(q, both)
        elif bs:
            q = _add(q, b)
        elif bk:
            q = _add(q, na)
        if feed is not None and i % FEED_EVERY == 0:
            feed()
    return q


def verify(public, msg, sig, feed=None):
    # True when sig (64 bytes) is public's (32 bytes) signature of msg (bytes). Malformed input
    # is False, never an exception: the caller words the refusal.
    if len(public) != 32 or len(sig) != 64:
        return False
    a = decode_point(public)
    if a is None:
        return False
    s = int.from_bytes(sig[32:], 'little')
    if s >= L:
        return False
    h = _sha512(sig[:32])
    h.update(public)
    # In slices, fed between them: the pure SHA-512 takes ~8 ms per KiB on the wasm interpreter
    # and many times that on a Pico W, so a large manifest would otherwise starve the watchdog.
    for i in range(0, len(msg), HASH_SLICE):
        h.update(msg[i:i + HASH_SLICE])
        if feed is not None:
            feed()
    k = int.from_bytes(h.digest(), 'little') % L
    if feed is not None:
        feed()
    return encode_point(_sb_minus_ka(s, k, a, feed)) == bytes(sig[:32])
