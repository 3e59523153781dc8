# otalab: crash-proof OTA updates for MicroPython boards. The app calls `otalab.confirm()` once
# it is healthy; boot.py runs `otalab_recover.boot()` and then `otalab.startup.run()`.
import otalab_recover

on_trial = False


def confirm():
    # Accept the version on trial (this boot only). False when nothing was on trial.
    if not on_trial:
        return False
    return otalab_recover.confirm()


def defer(reason):
    # The app's veto: the next update check that would run is deferred and recorded (docs/SPEC.md 9.3).
    from otalab.schedule import defer as _defer
    _defer(reason)
