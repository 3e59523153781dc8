# The status LED (docs/SPEC.md §10; core/status/led.ts): the same shapes and the same pin writes.
# Imported only with "status_led": true. A pattern lasts at most 1.1 s and feeds the watchdog
# before every wait; an LED that fails is logged and ignored (it never fails an update).
import time
import otalab_recover as R

BLINKS = {'checking': (2, 100), 'downloading': (1, 30), 'success': (3, 100), 'error': (1, 500), 'rollback': (2, 500)}
GAP_MS = 100
_pin = None


def _set(on):
    global _pin
    try:
        if _pin is None:
            import machine
            _pin = machine.Pin('LED', machine.Pin.OUT)
        _pin.value(1 if on else 0)
        return True
    except Exception as e:
        R.log('led failed: %s' % e)
        return False


def _sleep(ms):
    R.feed()
    time.sleep_ms(ms)


def show(name):
    count, on_ms = BLINKS[name]
    for i in range(count):
        if i:
            _sleep(GAP_MS)
        if not _set(True):
            return
        _sleep(on_ms)
        _set(False)


def hold(on):
    # 'committing': on for the whole commit (a reset or a power loss turns it off).
    _set(on)
