# Turns a fresh interpreter into the virtual Pico W (hil/virtual): the firmware modules the wasm
# build lacks or has differently come from shims (the simulator's flash VFS, os, network, hashlib;
# this board's machine, time, socket, ssl), the flash is mounted at '/', cwd and sys.path as on a board.
import sys
import gc
import vfs
import os
import _otalab_sim
import _shim_vfs
import _shim_os
import _shim_network
import _shim_hashlib
import _vb_machine
import _vb_time
import _vb_socket
import _vb_ssl
import _vb_binascii
del sys.path[0]
for _n, _m in (('os', _shim_os), ('time', _vb_time), ('machine', _vb_machine), ('network', _shim_network),
               ('socket', _vb_socket), ('ssl', _vb_ssl), ('hashlib', _shim_hashlib), ('binascii', _vb_binascii),
               ('uos', _shim_os), ('utime', _vb_time), ('usocket', _vb_socket), ('ussl', _vb_ssl), ('uhashlib', _shim_hashlib)):
    sys.modules[_n] = _m
_shim_os.uname = lambda: ('rp2', 'rp2', '1.27.0', 'v1.27.0 on 2025-12-10 (virtual)', 'Raspberry Pi Pico W with RP2040')
sys.path[:] = ['', '.frozen', '/lib']
del _n, _m


def _vb_mount():
    # At boot, not at load: the CPU is loaded ahead of its boot, and the flash may be unpowered then.
    vfs.umount('/')
    vfs.mount(_shim_vfs.FlashVfs(), '/')
    os.chdir('/')


def _vb_run(path):
    # Runs boot.py / main.py as the firmware does: a traceback is printed and the board goes on.
    try:
        f = open(path, 'rb')
        src = f.read()
        f.close()
    except OSError:
        return False
    try:
        exec(compile(src, path, 'exec'), {'__name__': '__main__'})
    except BaseException as e:
        sys.print_exception(e)
    return True


gc.collect()
