# otalab: crash-proof OTA updates for MicroPython boards. The app calls `otalab.confirm()` once
# it is healthy; boot.py runs `otalab_recover.boot()`, then `otalab.startup.run()`, then
# `otalab.release()` so the app gets the updater's heap back (device/README.md, Decisions).
on_trial = False


def confirm():
    # Accept the version on trial (this boot only). False when nothing was on trial.
    if not on_trial:
        return False
    import otalab_recover
    accepted = otalab_recover.confirm()
    _drop(True)
    return accepted


def defer(reason):
    # The app's veto: the next update check that would run is deferred and recorded (docs/SPEC.md 9.3).
    from otalab.schedule import defer as _defer
    _defer(reason)
    release()


def release():
    # Drops the updater's modules once it has run, so their code and tables become garbage the
    # app's allocations reuse; confirm() and defer() import what they need again. Recovery stays
    # loaded on a trial boot, where the app is about to call confirm() (which then drops it).
    _drop(not on_trial)


def _drop(recovery):
    import sys
    import gc
    g = globals()
    for name in list(sys.modules):
        if name.startswith('otalab.'):
            del sys.modules[name]
            if name[7:] in g:
                del g[name[7:]]
        elif name == 'otalab_recover' and recovery:
            del sys.modules[name]
    gc.collect()
