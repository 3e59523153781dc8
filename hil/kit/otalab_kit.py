# otalab test kit (hil/kit): lets a real board be cut at flash op K like the simulator.
# Imported by the first line of the deployed boot.py, before the updater imports anything. It
# counts the flash ops the simulator's VirtualFlash logs (open-write, write, close, rename, remove,
# mkdir, rmdir), in the same order, by wrapping sys.modules['os'] and builtins.open; at op K it
# resets the board before or after the op. Run state lives in the watchdog scratch registers
# (they survive machine.reset() and soft resets, not a power-on). Events go to UART0 as lines
# `#kit1 {json}` (USB is down while boot.py runs). The kit never writes the flash.
import sys
import builtins
import json
import os as _os
import machine as _machine
import time

_REG = 0x4005800C  # WATCHDOG_BASE + SCRATCH0; R0..R3 at +4*i
MAGIC = 0x4B54  # 'KT' in R3's high half: the host armed the kit for a run
FLAG_WDT = 1 << 24  # R1: a watchdog runs (it survives a soft reset)
FLAG_STOP = 1 << 25  # R1: the run ended; later boots hold
RECHECK_DEFAULT = 255  # R3 bits 8..15: recheck delay in 100 ms units; 255 = 60 s (board-run.ts)
RECHECKS_MAX = 3
_FEED_MS = 1000
_WDT_MAX = 8388
_HOLD = '.otalab_kit/hold'

_open = builtins.open
_uart = None


class KitStop(Exception):
    # Raised out of boot.py to end it: held, budget spent, or the run ended.
    pass


# ---- registers and events ------------------------------------------------------------------
def reg(i):
    return _machine.mem32[_REG + 4 * i] & 0xFFFFFFFF


def set_reg(i, v):
    if not armed:
        return  # an unarmed kit leaves the registers alone
    _machine.mem32[_REG + 4 * i] = v & 0xFFFFFFFF


def emit(ev, **fields):
    global _uart
    fields['ev'] = ev
    line = '#kit1 ' + json.dumps(fields) + '\n'
    try:
        if _uart is None:
            _uart = _machine.UART(0, 115200)
        _uart.write(line.encode())
    except Exception:
        pass


def _drain():
    # Bytes still in the UART's buffer are lost at a reset.
    try:
        _uart.flush()
    except Exception:
        pass
    try:
        t0 = time.ticks_ms()
        while not _uart.txdone() and time.ticks_diff(time.ticks_ms(), t0) < 200:
            pass
    except Exception:
        pass


# ---- run state ------------------------------------------------------------------------------
ASK_MS = 300  # after a power-on, how long the kit waits for the host's registers on UART0 RX


def _load():
    global _r3, armed, max_boots, recheck_ms, _plan, cut_op, cut_after, cut_power, _r1, boot, rechecks, ops
    _r3 = reg(3)
    armed = (_r3 >> 16) == MAGIC
    max_boots = _r3 & 0xFF
    recheck_ms = 60000 if ((_r3 >> 8) & 0xFF) == RECHECK_DEFAULT else ((_r3 >> 8) & 0xFF) * 100
    _plan = reg(2)
    cut_op = (_plan & 0x3FFFFFFF) - 1 if _plan else -1
    cut_after = bool(_plan & 0x80000000)
    cut_power = bool(_plan & 0x40000000)
    _r1 = reg(1)
    if cause != getattr(_machine, 'SOFT_RESET', 5):
        _r1 &= ~FLAG_WDT  # a watchdog or power-on reboot stops the watchdog
    boot = _r1 & 0xFFFF
    rechecks = (_r1 >> 16) & 0xFF
    ops = reg(0)


def _ask():
    # A power-on cleared the registers. A host that cut the power (or starts a run with a power
    # cycle) answers `#kit1r R0 R1 R2 R3` on UART0 RX; nobody answering leaves the kit unarmed.
    emit('ask', cause=cause)
    _drain()
    buf = b''
    try:
        t0 = time.ticks_ms()
        while time.ticks_diff(time.ticks_ms(), t0) < ASK_MS:
            n = _uart.any()
            if n:
                buf += _uart.read(n) or b''
                if b'\n' in buf:
                    break
            else:
                time.sleep_ms(10)
        line = buf.split(b'\n')[0].decode().strip()
        if not line.startswith('#kit1r '):
            return
        v = [int(x) for x in line.split()[1:5]]
        if len(v) != 4 or (v[3] >> 16) != MAGIC:
            return
        for i in range(4):
            _machine.mem32[_REG + 4 * i] = v[i] & 0xFFFFFFFF
    except Exception as e:
        emit('error', boot=0, where='ask', error='%s: %s' % (type(e).__name__, e))


cause = _machine.reset_cause()
_load()
if not armed and cause == getattr(_machine, 'PWRON_RESET', 1):
    _ask()
    _load()
phase = 'recovery'
outcome = None


def _save(started=None):
    # R1: flags | rechecks << 16 | boots started in this run (this one included, unless told).
    n = boot + 1 if started is None else started
    set_reg(1, (_r1 & ~0xFFFFFF) | (rechecks << 16) | (n & 0xFFFF))


# ---- watchdog: wrapped to measure feed gaps -------------------------------------------------
_wdts = []
_last_feed = None
_max_gap = 0
_wdt_ms = None


def _fed():
    global _last_feed, _max_gap
    now = time.ticks_ms()
    if _last_feed is not None:
        _max_gap = max(_max_gap, time.ticks_diff(now, _last_feed))
    _last_feed = now


class WDT:
    def __init__(self, id=0, timeout=5000):
        global _r1, _wdt_ms
        self._w = _machine.WDT(id=id, timeout=timeout)
        _wdts.append(self)
        _wdt_ms = timeout
        _r1 |= FLAG_WDT
        _save()
        _fed()
        emit('wdt', boot=boot, ms=timeout)

    def feed(self):
        self._w.feed()
        _fed()


def feed():
    if _wdts:
        _wdts[-1].feed()
    elif _r1 & FLAG_WDT:
        # Started before a soft reset: a new handle on the same watchdog (rp2 re-arms it).
        WDT(timeout=_WDT_MAX).feed()


def _gap():
    emit('feedgap', boot=boot, ms=_max_gap)


def _reset():
    _gap()
    _drain()
    _machine_reset()


_machine_reset = _machine.reset
_machine_soft_reset = _machine.soft_reset


def _kit_reset():
    emit('end', boot=boot, why='reset', stop=False)
    _reset()


def _kit_soft_reset():
    emit('end', boot=boot, why='reset', stop=False)
    _gap()
    _drain()
    _machine_soft_reset()


# ---- counting ops -----------------------------------------------------------------------
def _norm(path):
    # The flash path the simulator logs: relative to the root, no '.', '..' or empty segments.
    if not isinstance(path, str):
        return None
    if path.startswith('/'):
        parts = []
    else:
        cwd = _os.getcwd().strip('/')
        parts = cwd.split('/') if cwd else []
    for seg in path.split('/'):
        if seg == '' or seg == '.':
            continue
        if seg == '..':
            if parts:
                parts.pop()
        else:
            parts.append(seg)
    return '/'.join(parts)


def _valid(path):
    # sim/flash/paths.ts isValidFlashPath: such a path never reaches the flash (no op).
    if not isinstance(path, str) or '\x00' in path or path.startswith('/') or path.endswith('/') or '//' in path:
        return False
    for seg in path.split('/'):
        if seg == '.' or seg == '..':
            return False
    return True


def _begin(kind, path, to=None, size=None):
    # Counts one op; at the planned op cuts before it (never returns) or says to cut after it.
    global ops
    i = ops
    ops = i + 1
    set_reg(0, ops)
    ev = {'i': i, 'kind': kind, 'path': path, 'boot': boot, 'phase': phase}
    if to is not None:
        ev['to'] = to
    if size is not None:
        ev['bytes'] = size
    emit('op', **ev)
    if i != cut_op:
        return False
    if cut_after:
        return True
    if cut_power:
        _power_cut(i, 'before')
    _cut(i, 'before')


def _cut(i, mode):
    emit('cut', boot=boot, op=i, mode=mode)
    _reset()


HOST_CUT_MS = 10000  # how long the kit holds still at op K for the host to cut the power


def _power_cut(i, when):
    # Before or after op K: ask the host to cut the real power, and hold still (feeding a running
    # watchdog, so only the power can end this) until it does. A host that never cuts: a kit cut.
    emit('cut', boot=boot, op=i, mode='power')
    _drain()
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < HOST_CUT_MS:
        if _wdts or _r1 & FLAG_WDT:
            feed()
        time.sleep_ms(50)
    emit('error', boot=boot, where='cut', error='the host did not cut the power within %d ms' % HOST_CUT_MS)
    _cut(i, when)


def _counted(kind, path, fn, to=None, size=None):
    after = _begin(kind, path, to, size)
    try:
        return fn()
    finally:
        # An op that failed still ran (the simulator cuts it too).
        if after:
            if cut_power:
                _power_cut(ops - 1, 'after')
            _cut(ops - 1, 'after')


def _op1(kind, real):
    def op(path):
        p = _norm(path)
        if p is None or not _valid(p):
            return real(path)
        return _counted(kind, p, lambda: real(path))
    return op


def _rename(a, b):
    pa, pb = _norm(a), _norm(b)
    if pa is None or pb is None or not _valid(pa) or not _valid(pb):
        return _os.rename(a, b)
    return _counted('rename', pa, lambda: _os.rename(a, b), to=pb)


class _File:
    # A file open for writing: write() of a non-empty chunk and the first close() are ops.
    def __init__(self, f, path):
        self._f = f
        self._p = path
        self._closed = False

    def write(self, data):
        n = len(data)
        if self._closed or n == 0:
            return self._f.write(data)
        return _counted('write', self._p, lambda: self._f.write(data), size=len(data.encode()) if isinstance(data, str) else n)

    def close(self):
        if self._closed:
            return self._f.close()
        self._closed = True
        return _counted('close', self._p, self._f.close)

    def flush(self):
        return self._f.flush()

    def read(self, *a):
        return self._f.read(*a)

    def readinto(self, *a):
        return self._f.readinto(*a)

    def seek(self, *a):
        return self._f.seek(*a)

    def tell(self):
        return self._f.tell()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _kit_open(path, mode='r', *a, **k):
    # Only the modes the simulator's flash opens for writing count ('+', 'a', 'x' it refuses).
    if not isinstance(mode, str) or 'w' not in mode or '+' in mode or 'a' in mode or 'x' in mode:
        return _open(path, mode, *a, **k)
    p = _norm(path)
    if p is None or not _valid(p):
        return _open(path, mode, *a, **k)
    return _File(_counted('open-write', p, lambda: _open(path, mode, *a, **k)), p)


class _Module:
    pass


def _wrap(mod, over):
    w = _Module()
    for n in dir(mod):
        if not n.startswith('__'):
            try:
                setattr(w, n, getattr(mod, n))
            except Exception:
                pass
    for n, v in over.items():
        setattr(w, n, v)
    return w


# ---- hooks (otalab_hooks.py calls these) ------------------------------------------------------
def _walk(d, files, dirs):
    for e in _os.ilistdir(d if d else '/'):
        name, typ = e[0], e[1]
        p = d + '/' + name if d else name
        if typ & 0x4000:
            dirs.append(p)
            _walk(p, files, dirs)
        else:
            files.append(p)


_buf = None


def _sha256(path):
    # One buffer for the whole pass: the updater's heap is what a Pico W is short of.
    global _buf
    import hashlib
    import binascii
    if _buf is None:
        _buf = bytearray(1024)
    mv = memoryview(_buf)
    h = hashlib.sha256()
    n = 0
    with _open(path, 'rb') as f:
        while True:
            k = f.readinto(_buf)
            if not k:
                break
            h.update(mv[:k])
            n += k
    r = sys.modules.get('otalab_recover')
    if r is not None:
        r.feed()
    return n, str(binascii.hexlify(h.digest()), 'ascii')


_STATE_FILES = ('version.json', 'ota_state.json', 'ota_journal.json', 'ota_error.json')
_STATE_WHOLE_MAX = 4096


def recovered(action):
    global phase
    files, dirs = [], []
    _walk('', files, dirs)
    out = []
    for p in sorted(files):
        n, h = _sha256(p)
        entry = [p, n, h]
        # The updater's own small state files go whole: their bytes exist nowhere else the host
        # could look them up (a version.json written and then rolled back, say).
        if p in _STATE_FILES and n <= _STATE_WHOLE_MAX:
            import binascii
            with _open(p, 'rb') as f:
                entry.append(str(binascii.b2a_base64(f.read()), 'ascii').strip())
        out.append(entry)
    emit('recovered', boot=boot, action=action, files=out, dirs=sorted(dirs))
    phase = 'update'


def outcome_hook(o):
    global outcome
    outcome = o
    emit('outcome', boot=boot, outcome=o)


# ---- the app model (sim/app.ts) and the boot loop (scenarios/targets/board-run.ts) -----------
def _app_model():
    try:
        with _open('main.py', 'rb') as f:
            text = f.read()
    except OSError:
        return 'healthy'
    if b'otalab:app=crash' in text:
        return 'crash'
    return 'hang' if b'otalab:app=hang' in text else 'healthy'


def _stop(why):
    global _r1
    _r1 |= FLAG_STOP
    _save()
    _gap()
    emit('end', boot=boot, why=why, stop=True)
    _drain()
    raise KitStop(why)


def _run_healthy(ms):
    # The healthy app runs for ms, feeding a running watchdog well within its period.
    left = ms
    while left > 0:
        step = min(left, _FEED_MS if not _wdt_ms else max(1, min(_FEED_MS, _wdt_ms // 2)))
        time.sleep_ms(step)
        left -= step
        if _wdts or _r1 & FLAG_WDT:
            feed()


def app():
    # Called by the last line of the deployed boot.py: plays the scenario's app, then ends the boot.
    global phase, rechecks
    phase = 'app'
    if not armed:
        emit('end', boot=boot, why='unarmed', stop=True)
        _drain()
        return
    model = _app_model()
    if model == 'crash':
        emit('end', boot=boot, why='app-crash', stop=False)
        _reset()
    if model == 'hang':
        if not (_wdts or _r1 & FLAG_WDT):
            _stop('app-hang')  # no watchdog: stuck for good (the kit ends the run instead)
        emit('end', boot=boot, why='app-hang', stop=False)
        if _wdt_ms:
            emit('feedgap', boot=boot, ms=max(_max_gap, _wdt_ms))
        _drain()
        while True:
            time.sleep_ms(100)  # no feed: the watchdog bites
    try:
        import otalab
        otalab.confirm()
    except Exception as e:
        emit('error', boot=boot, where='app', error='%s: %s' % (type(e).__name__, e))
        emit('end', boot=boot, why='app-crash', stop=False)
        _reset()
    if not (outcome or '').startswith('failed') or rechecks >= RECHECKS_MAX:
        _stop('idle')
    # board-run.ts: a failed check is repeated after a while; the app runs meanwhile, then a soft reset.
    rechecks += 1
    _save()
    _run_healthy(recheck_ms)
    emit('end', boot=boot, why='idle', stop=False)
    _gap()
    _drain()
    _machine_soft_reset()


def boot_error(e):
    # The device's boot.py raised: printed as the firmware would, and the app still runs.
    emit('error', boot=boot, where='boot.py', error='%s: %s' % (type(e).__name__, e))
    sys.print_exception(e)


def _held():
    try:
        _os.stat(_HOLD)
        return True
    except OSError:
        return False


# ---- start of the boot ----------------------------------------------------------------------
if _held():
    emit('held', boot=boot)
    raise KitStop('held')
if armed and _r1 & FLAG_STOP:
    emit('held', boot=boot, why='run ended')
    raise KitStop('run ended')
if armed and boot >= max_boots:
    _r1 |= FLAG_STOP
    _save(boot)
    emit('end', boot=boot, why='budget', stop=True)
    _drain()
    raise KitStop('budget')
emit('boot', boot=boot, cause=cause, ops=ops, armed=armed)
_save()
_wos = _wrap(_os, {'remove': _op1('remove', _os.remove), 'mkdir': _op1('mkdir', _os.mkdir),
                   'rmdir': _op1('rmdir', _os.rmdir), 'rename': _rename})
_wm = _wrap(_machine, {'WDT': WDT, 'reset': _kit_reset, 'soft_reset': _kit_soft_reset})
for _n, _m in (('os', _wos), ('uos', _wos), ('machine', _wm)):
    sys.modules[_n] = _m
builtins.open = _kit_open
# The kit's observer stands in for any other (the simulator's shim) and passes calls on to it.
_prev_hooks = sys.modules.pop('otalab_hooks', None)
import otalab_hooks  # noqa: E402 (lib/otalab_hooks.py)
otalab_hooks.chain = _prev_hooks
sys.modules['otalab_hooks'] = otalab_hooks
del _n, _m
