# `hashlib`: sha256 is the interpreter's own. sha1 is the SIMULATOR'S STAND-IN for the Pico W
# firmware's native sha1 (the wasm build has none): node:crypto behind the bridge, same API
# (update, digest; no hexdigest), bytes passed through wasm memory.
import uctypes
import hashlib as _h
import _otalab_sim as S
from _otalab_bridge import sha1_digest, sha1_new, sha1_update

sha256 = _h.sha256


class sha1:
    def __init__(self, data=None):
        self._id = sha1_new()
        if data is not None:
            self.update(data)

    def update(self, data):
        S.sample('hashlib.sha1.update')
        n = len(data)
        if n and sha1_update(self._id, uctypes.addressof(data), n) < 0:
            raise ValueError('hash is final')

    def digest(self):
        out = bytearray(20)
        sha1_digest(self._id, uctypes.addressof(out))
        return bytes(out)
