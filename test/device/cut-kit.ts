/**
 * A Python-side test double installed into the interpreter: it wraps the `os` module and `open`
 * that device/lib/otalab_recover.py uses, records every mutating call in core's recordingFlash
 * words (`open p`, `close p`, `rename a -> b`, …) and can cut power before mutation number N
 * (`N` mutations succeed, the next raises PowerCut, a BaseException no device code catches).
 * Files written through it follow littlefs: new contents appear only at close; a new file exists
 * with 0 bytes from its open on. With \`cut.full\` set the flash is full: an open for writing and a
 * mkdir (counted as mutations, as core's cuttingFlash counts them) fail with ENOSPC, while rename,
 * remove and rmdir work (core/commit/rollback-full-flash.test.ts's fillingFlash).
 */
export const CUT_KIT = `
import otalab_recover as _R
_os = _R.os
_real_open = _R.open

class PowerCut(BaseException):
    pass

class _Cut:
    def __init__(self):
        self.limit = None
        self.count = 0
        self.log = []
        self.cut = False
        self.full = False

    def tick(self, what):
        if self.cut:
            raise PowerCut()
        if self.limit is not None and self.count >= self.limit:
            self.cut = True
            raise PowerCut()
        self.count += 1
        self.log.append(what)

cut = _Cut()

class _Os:
    def __getattr__(self, name):
        return getattr(_os, name)
    def rename(self, a, b):
        cut.tick('rename %s -> %s' % (a, b)); _os.rename(a, b)
    def remove(self, p):
        cut.tick('remove ' + p); _os.remove(p)
    def mkdir(self, p):
        cut.tick('mkdir ' + p)
        if cut.full: raise OSError(28)
        _os.mkdir(p)
    def rmdir(self, p):
        cut.tick('rmdir ' + p); _os.rmdir(p)
    def stat(self, p):
        if cut.cut: raise PowerCut()
        return _os.stat(p)
    def ilistdir(self, p):
        if cut.cut: raise PowerCut()
        return _os.ilistdir(p)

class _Writer:
    def __init__(self, path):
        self.path = path
        self.buf = bytearray()
        try:
            _os.stat(path)
        except OSError:
            f = _real_open(path, 'wb'); f.close()
    def write(self, b):
        cut.tick('write ' + self.path)
        self.buf.extend(b)
        return len(b)
    def close(self):
        cut.tick('close ' + self.path)
        f = _real_open(self.path, 'wb'); f.write(self.buf); f.close()
    def __enter__(self):
        return self
    def __exit__(self, *a):
        self.close()

def _open(path, mode='r'):
    if 'w' in mode:
        cut.tick('open ' + path)
        if cut.full: raise OSError(28)
        return _Writer(path)
    if cut.cut: raise PowerCut()
    return _real_open(path, mode)

_R.os = _Os()
_R.open = _open

def arm(limit):
    cut.limit = limit
    cut.count = 0
    cut.log = []
    cut.cut = False

def disarm():
    # Power is back: no more cuts; the counts of the last run stay readable.
    cut.limit = None
    cut.cut = False

def run(fn):
    # True when the cut fired.
    try:
        fn()
    except PowerCut:
        return True
    return False
`;

/** Python: reset the flash root to exactly `files` (path -> text), keeping the updater's own files. */
export const RESET_KIT = `
import os as _os2
OWN = ('boot.py', 'lib/otalab_recover.py', 'lib/otalab')
def _rm(p):
    if _os2.stat(p)[0] & 0x4000:
        for n in _os2.listdir(p):
            _rm(p + '/' + n)
        _os2.rmdir(p)
    else:
        _os2.remove(p)
def reset_board(files):
    for n in _os2.listdir('.'):
        if n == 'lib':
            for m in _os2.listdir('lib'):
                if 'lib/' + m not in OWN:
                    _rm('lib/' + m)
        elif n not in OWN:
            _rm(n)
    for p, text in files.items():
        parts = p.split('/')
        d = ''
        for seg in parts[:-1]:
            d = seg if not d else d + '/' + seg
            try:
                _os2.mkdir(d)
            except OSError:
                pass
        f = open(p, 'wb'); f.write(text.encode()); f.close()
`;
