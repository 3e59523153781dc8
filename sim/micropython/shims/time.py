# `time` on the board's virtual clock. Shadows the builtin, whose sleep busy-waits on Date.now().
# ticks_* wrap at 2**30 like the rp2 port; time() is epoch seconds from the board's RTC (UTC).
import time as _t
import _otalab_sim as S
from _otalab_bridge import t_now_ms_text, t_sleep_ms, t_ticks_ms, t_ticks_us, t_time

_MASK = (1 << 30) - 1
_HALF = 1 << 29


def ticks_ms():
    S.sample('time.ticks_ms')
    return t_ticks_ms()


def ticks_us():
    return t_ticks_us()


ticks_cpu = ticks_us


def ticks_diff(a, b):
    return ((a - b + _HALF) & _MASK) - _HALF


def ticks_add(t, delta):
    return (t + delta) & _MASK


def sleep_ms(ms):
    S.sample('time.sleep_ms')
    t_sleep_ms(ms)


def sleep_us(us):
    t_sleep_ms(us / 1000)


def sleep(s):
    S.sample('time.sleep')
    t_sleep_ms(s * 1000)


def time():
    return t_time()


def time_ns():
    return int(t_now_ms_text()) * 1000000


def gmtime(secs=None):
    return _t.gmtime(time() if secs is None else secs)


localtime = gmtime


def mktime(t):
    return _t.mktime(t)
