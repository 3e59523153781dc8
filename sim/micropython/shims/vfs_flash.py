# The board's flash as a MicroPython VFS mounted at '/': every call is one VirtualFlash call
# behind the bridge, so mutations are flash ops (cuts, costs, ENOSPC, op log as on the ts target).
# Files are io.IOBase streams so `import` can read modules from the flash.
import io
import uctypes
import _otalab_sim as S
from _otalab_bridge import fs_capacity, fs_chdir, fs_close, fs_free, fs_getcwd, fs_list, fs_mkdir, fs_open_read, fs_open_write, fs_read, fs_remove, fs_rename, fs_rmdir, fs_stat, fs_write

STAT_DIR = -1000
_CHUNK = 512


class FlashFile(io.IOBase):
    def __init__(self, fid, writing, text):
        self._id = fid
        self._w = writing
        self._t = text
        self._closed = False

    def _live(self, writing):
        if self._closed:
            raise OSError(9)
        if writing != self._w:
            raise OSError(9)

    def readinto(self, buf):
        S.sample('vfs.FlashFile.readinto')
        self._live(False)
        n = len(buf)
        if n == 0:
            return 0
        return S.check(fs_read(self._id, uctypes.addressof(buf), n))

    def _bytes(self, n):
        buf = bytearray(n)
        k = self.readinto(buf) if n else 0
        return bytes(buf) if k == n else bytes(buf[:k])

    def read(self, n=-1):
        if n is None or n < 0:
            parts = []
            while True:
                part = self._bytes(_CHUNK)
                if not part:
                    break
                parts.append(part)
            data = b''.join(parts)
        else:
            data = self._bytes(n)
        return str(data, 'utf-8') if self._t else data

    def readline(self):
        out = bytearray()
        one = bytearray(1)
        while self.readinto(one) == 1:
            out.extend(one)
            if one[0] == 10:
                break
        return str(out, 'utf-8') if self._t else bytes(out)

    def write(self, data):
        S.sample('vfs.FlashFile.write')
        self._live(True)
        if isinstance(data, str):
            data = data.encode()
        n = len(data)
        if n == 0:
            return 0
        return S.check(fs_write(self._id, uctypes.addressof(data), n))

    def flush(self):
        # Not a commit here: the simulated littlefs commits at close() (the updater's contract).
        pass

    def close(self):
        if not self._closed:
            self._closed = True
            S.sample('vfs.FlashFile.close')
            S.check(fs_close(self._id))

    def ioctl(self, op, arg):
        if op == 4:
            self.close()
        elif op == 11:
            # MP_STREAM_GET_BUFFER_SIZE: the import reader's buffer. A board's file answers its own
            # (littlefs: its cache size); answering nothing means 32-byte reads, one bridge call each.
            return 255
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FlashVfs:
    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def open(self, path, mode):
        S.sample('vfs.FlashVfs.open')
        text = 'b' not in mode
        if '+' in mode or 'a' in mode or 'x' in mode:
            raise OSError(95)
        if 'w' in mode:
            return FlashFile(S.check(fs_open_write(path)), True, text)
        return FlashFile(S.check(fs_open_read(path, S.importing)), False, text)

    def ilistdir(self, path):
        S.sample('vfs.FlashVfs.ilistdir')
        r = fs_list(path)
        if not isinstance(r, str):
            raise OSError(-r)
        return iter(self._entries(r))

    def _entries(self, text):
        out = []
        if text:
            for line in text.split('\n'):
                kind, size, name = line.split('\t', 2)
                out.append((name, 0x4000 if kind == 'd' else 0x8000, 0, int(size)))
        return out

    def stat(self, path):
        S.sample('vfs.FlashVfs.stat')
        r = fs_stat(path, S.importing)
        if r == STAT_DIR:
            return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        S.check(r)
        return (0x8000, 0, 0, 0, 0, 0, r, 0, 0, 0)

    def chdir(self, path):
        S.check(fs_chdir(path))

    def getcwd(self):
        return fs_getcwd()

    def mkdir(self, path):
        S.sample('vfs.FlashVfs.mkdir')
        S.check(fs_mkdir(path))

    def rmdir(self, path):
        S.sample('vfs.FlashVfs.rmdir')
        S.check(fs_rmdir(path))

    def remove(self, path):
        S.sample('vfs.FlashVfs.remove')
        S.check(fs_remove(path))

    def rename(self, old, new):
        S.sample('vfs.FlashVfs.rename')
        S.check(fs_rename(old, new))

    def statvfs(self, path):
        free = fs_free() // 4096
        blocks = fs_capacity() // 4096
        return (4096, 4096, blocks, free, free, 0, 0, 0, 0, 255)
