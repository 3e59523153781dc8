# otalab boot hook. Recovery runs first, from one self-contained file, before any app import.
import sys
if 'lib' not in sys.path:
    sys.path.append('lib')
import otalab_recover
_trial = otalab_recover.boot()
import otalab
otalab.on_trial = _trial
try:
    from otalab import startup
    otalab.on_trial = startup.run(_trial)
except Exception as e:
    # A bug in the updater must not keep the app from running; recovery already ran.
    print('otalab: updater error: %s: %s' % (type(e).__name__, e))
    otalab_recover.record_error({'phase': 'boot', 'code': 'INTERNAL', 'message': 'updater error: %s' % e}, dedupe=True)
del _trial, otalab_recover
# Give the app its heap back: the updater's modules are dropped (imported again when needed).
otalab.release()
