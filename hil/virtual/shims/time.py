# `time` in REAL time (the virtual board is a board): sleeps block the CPU thread on Atomics.wait
# (Ctrl-C ends them with KeyboardInterrupt), ticks_* come from a monotonic clock and wrap at 2**30
# like the rp2 port, time() is epoch seconds from the host's UTC clock (the board's RTC).
import time as _t
from _otalab_bridge import t_now_ms_text, t_sleep_ms, t_ticks_ms, t_ticks_us

_MASK = (1 << 30) - 1
_HALF = 1 << 29


def ticks_ms():
    return t_ticks_ms()


def ticks_us():
    return t_ticks_us()


ticks_cpu = ticks_us


def ticks_diff(a, b):
    return ((a - b + _HALF) & _MASK) - _HALF


def ticks_add(t, delta):
    return (t + delta) & _MASK


def _sleep(ms):
    if t_sleep_ms(ms):
        raise KeyboardInterrupt


def sleep_ms(ms):
    _sleep(ms)


def sleep_us(us):
    _sleep(us / 1000)


def sleep(s):
    _sleep(s * 1000)


def time():
    return int(t_now_ms_text()) // 1000


def time_ns():
    return int(t_now_ms_text()) * 1000000


def gmtime(secs=None):
    return _t.gmtime(time() if secs is None else secs)


localtime = gmtime


def mktime(t):
    return _t.mktime(t)
