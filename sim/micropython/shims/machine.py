# `machine` of a Pico W over the virtual board: WDT on the SimWatchdog (a bite halts the board;
# it cannot be stopped, and a soft reset keeps it counting), reset()/soft_reset() end the boot
# (they never return), reset_cause() from the board's cause (after reset() that is WDT_RESET, as
# on rp2, where machine.reset() is a watchdog reboot),
# Pin('LED') recorded on a timeline, ADC(29)/ADC(3) reading VSYS/3 from the scenario's battery.
import _otalab_sim as S
from _otalab_bridge import adc_read_u16, led, unique_id_hex, wdt_feed, wdt_start
from _otalab_bridge import reset as _reset, reset_cause as _reset_cause

PWRON_RESET = 1
HARD_RESET = 2
WDT_RESET = 3
DEEPSLEEP_RESET = 4
SOFT_RESET = 5


class WDT:
    def __init__(self, id=0, timeout=5000):
        S.sample('machine.WDT.__init__')
        err = wdt_start(timeout)
        if err:
            raise ValueError(err)

    def feed(self):
        S.sample('machine.WDT.feed')
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


class Pin:
    IN = 0
    OUT = 1
    OPEN_DRAIN = 2
    PULL_UP = 1
    PULL_DOWN = 2

    def __init__(self, id, mode=-1, pull=-1, value=None):
        self._id = id
        self._v = 0
        if value is not None:
            self.value(value)

    def init(self, mode=-1, pull=-1, value=None):
        if value is not None:
            self.value(value)

    def value(self, v=None):
        if v is None:
            return self._v
        self._v = 1 if v else 0
        if self._id == 'LED':
            led(self._v)

    __call__ = value

    def on(self):
        self.value(1)

    def off(self):
        self.value(0)

    def toggle(self):
        self.value(1 - self._v)


class ADC:
    def __init__(self, pin):
        self._pin = pin._id if isinstance(pin, Pin) else pin

    def read_u16(self):
        return adc_read_u16(self._pin)
