# `machine` of the virtual Pico W (hil/virtual): a real-time watchdog kept by the board process
# (max 8388 ms, cannot be stopped, survives a soft reset), reset() = a watchdog reboot
# (reset_cause() then answers WDT_RESET), mem32 with the watchdog scratch registers
# (0x4005800C + 4*i, i = 0..3; other addresses read 0), UART(0) wired to the lab's side channel.
import uctypes
from _otalab_bridge import mem_read, mem_write, uart_any, uart_read, uart_write, unique_id_hex, wdt_feed, wdt_start
from _otalab_bridge import reset as _reset, reset_cause as _reset_cause

PWRON_RESET = 1
HARD_RESET = 2
WDT_RESET = 3
DEEPSLEEP_RESET = 4
SOFT_RESET = 5


class WDT:
    def __init__(self, id=0, timeout=5000):
        err = wdt_start(timeout)
        if err:
            raise ValueError(err)

    def feed(self):
        wdt_feed()


def reset():
    _reset('hard')


def soft_reset():
    _reset('soft')


def reset_cause():
    return _reset_cause()


def unique_id():
    h = unique_id_hex()
    return bytes(int(h[i:i + 2], 16) for i in range(0, len(h), 2))


def freq(hz=None):
    return 125000000


def idle():
    pass


def disable_irq():
    return 0


def enable_irq(state=0):
    pass


class _Mem:
    # Addresses cross the bridge as hex text: 0x4005800C is no small int in this build.
    def __init__(self, size):
        self._size = size

    def __getitem__(self, addr):
        v = int(mem_read('%x' % (addr & 0xffffffff)))
        if self._size == 4:
            # rp2 answers mp_obj_new_int(uint32): negative when bit 31 is set.
            return v - (1 << 32) if v & 0x80000000 else v
        return v & ((1 << (8 * self._size)) - 1)

    def __setitem__(self, addr, value):
        if self._size != 4:
            raise OSError(22)
        mem_write('%x' % (addr & 0xffffffff), str(value & 0xffffffff))


mem8 = _Mem(1)
mem16 = _Mem(2)
mem32 = _Mem(4)


class UART:
    def __init__(self, id, baudrate=115200, *args, **kw):
        self._id = id

    def init(self, *args, **kw):
        pass

    def deinit(self):
        pass

    def write(self, buf):
        if isinstance(buf, str):
            buf = buf.encode()
        elif not isinstance(buf, (bytes, bytearray)):
            buf = bytes(buf)
        n = len(buf)
        if n and self._id == 0:
            uart_write(uctypes.addressof(buf), n)
        return n

    # RX as rp2 with the default timeout 0: what has arrived, or None when nothing has.
    def _take(self, n, line):
        if self._id != 0:
            return None
        k = uart_any()
        if n is not None and n >= 0:
            k = min(k, n)
        if k <= 0:
            return None
        buf = bytearray(k)
        got = uart_read(uctypes.addressof(buf), k, 1 if line else 0)
        return bytes(buf) if got == k else bytes(buf[:got])

    def read(self, n=None):
        return self._take(n, False)

    def readline(self):
        return self._take(None, True)

    def readinto(self, buf, n=None):
        n = len(buf) if n is None else min(n, len(buf))
        data = self._take(n, False)
        if data is None:
            return None
        buf[:len(data)] = data
        return len(data)

    def any(self):
        return uart_any() if self._id == 0 else 0

    def flush(self):
        pass

    def txdone(self):
        return True


class Pin:
    IN = 0
    OUT = 1
    OPEN_DRAIN = 2
    PULL_UP = 1
    PULL_DOWN = 2
    IRQ_FALLING = 4
    IRQ_RISING = 8

    def __init__(self, id, mode=-1, pull=-1, value=None):
        self._id = id
        self._v = 0 if value is None else (1 if value else 0)

    def init(self, mode=-1, pull=-1, value=None):
        if value is not None:
            self._v = 1 if value else 0

    def value(self, v=None):
        if v is None:
            return self._v
        self._v = 1 if v else 0

    __call__ = value

    def on(self):
        self._v = 1

    def off(self):
        self._v = 0

    def toggle(self):
        self._v = 1 - self._v

    def irq(self, *args, **kw):
        return None


class ADC:
    CORE_TEMP = 4

    def __init__(self, pin):
        self._pin = pin._id if isinstance(pin, Pin) else pin

    def read_u16(self):
        # VSYS/3 from USB (5.0 V) on ADC(29)/ADC(3); ~27 degC on the temperature sensor.
        if self._pin in (29, 3):
            return 33098
        return 14104 if self._pin == 4 else 0
