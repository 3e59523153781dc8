# `os` as the Pico W firmware has it (no os.path, no makedirs/walk), over the mounted flash VFS.
import os as _os
import _otalab_sim as S
from _otalab_bridge import fs_sync

sep = '/'
listdir = _os.listdir
ilistdir = _os.ilistdir
stat = _os.stat
remove = _os.remove
rename = _os.rename
mkdir = _os.mkdir
rmdir = _os.rmdir
statvfs = _os.statvfs
chdir = _os.chdir
getcwd = _os.getcwd
mount = _os.mount
umount = _os.umount


def sync():
    S.sample('os.sync')
    fs_sync()


def uname():
    return ('rp2', 'rp2', '1.27.0', 'v1.27.0 (otalab simulator)', 'Raspberry Pi Pico W with RP2040')
