# Turns a fresh interpreter into a virtual Pico W: the shims replace or add the firmware modules,
# the flash VFS replaces the interpreter's own root, and the cwd and sys.path are the board's.
# Imported from /sim (host.ts puts it first on sys.path), before any flash file runs.
import sys
import gc
import vfs
import os
import _otalab_sim
import _shim_vfs
import _shim_os
import _shim_time
import _shim_machine
import _shim_network
import _shim_socket
import _shim_ssl
import _shim_hashlib
import _shim_otalab_hooks
del sys.path[0]
for _n, _m in (('os', _shim_os), ('time', _shim_time), ('machine', _shim_machine), ('network', _shim_network),
               ('socket', _shim_socket), ('ssl', _shim_ssl), ('hashlib', _shim_hashlib), ('otalab_hooks', _shim_otalab_hooks),
               ('uos', _shim_os), ('utime', _shim_time), ('usocket', _shim_socket), ('ussl', _shim_ssl), ('uhashlib', _shim_hashlib)):
    sys.modules[_n] = _m
vfs.umount('/')
vfs.mount(_shim_vfs.FlashVfs(), '/')
os.chdir('/')
sys.path[:] = ['', '.frozen', '/lib']
del _n, _m

# Count the import statements running: compiled twins are served to imports only, and loading
# code costs no read time (bridge-flash.ts), so a file access from the updater itself always sees
# the flash as it is and pays for its reads.
import builtins
_import = builtins.__import__


def _counted_import(name, globals=None, locals=None, fromlist=(), level=0):
    _otalab_sim.importing += 1
    try:
        return _import(name, globals, locals, fromlist, level)
    finally:
        _otalab_sim.importing -= 1


builtins.__import__ = _counted_import


def _otalab_run(path):
    # Runs a board file as the firmware does (boot.py, main.py): an exception prints its traceback
    # and the board goes on. Answers False when the file is absent.
    _otalab_sim.importing += 1  # loading code, like an import
    try:
        f = open(path, 'rb')
        src = f.read()
        f.close()
    except OSError:
        return False
    finally:
        _otalab_sim.importing -= 1
    try:
        exec(compile(src, path, 'exec'), {'__name__': '__main__'})
    except BaseException as e:
        sys.print_exception(e)
    return True


def _otalab_call(code):
    # Runs app-model code; answers the exception text, or '' when it ran through.
    try:
        exec(code, {'__name__': '__main__'})
        return ''
    except BaseException as e:
        sys.print_exception(e)
        return '%s: %s' % (type(e).__name__, e)


gc.collect()
