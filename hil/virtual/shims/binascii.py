# `binascii` as the rp2 firmware has it (C): a2b_base64 takes str or bytes, b2a_base64 has
# `newline`. The wasm build's is micropython-lib's Python one, which takes bytes only.
import binascii as _b

hexlify = _b.hexlify
unhexlify = _b.unhexlify
crc32 = getattr(_b, 'crc32', None)


def a2b_base64(data):
    if isinstance(data, str):
        data = data.encode()
    return _b.a2b_base64(data)


def b2a_base64(data, newline=True):
    out = _b.b2a_base64(data)
    return out if newline else out[:-1]
