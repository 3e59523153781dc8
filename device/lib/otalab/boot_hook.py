# The boot hook guard (core/update/boot-hook.ts). boot.py is what runs recovery before anything
# else: an update that deleted it, or replaced it with one that no longer imports otalab_recover,
# would leave that update (and every later one) without a way back. So an installed boot.py that
# carries the hook may only be replaced by one that carries it too. Called once everything is
# staged, before the commit; the caller records the error and clears the stage.
import otalab_recover as R
from otalab_recover import OtaError

BOOT_PATH = 'boot.py'
MARKER = b'otalab_recover'


def carries_hook(path):
    # Streamed with an overlap, so a large boot.py never sits in RAM whole.
    st = R.stat(path)
    if st is None or st[0]:
        return False
    keep = len(MARKER) - 1
    tail = b''
    with open(path, 'rb') as f:
        while True:
            piece = f.read(512)
            if not piece:
                return False
            if MARKER in tail + piece:
                return True
            tail = (tail + piece)[-keep:]
            R.feed()


def check_boot_hook(plan, stage_dir):
    if not carries_hook(BOOT_PATH):
        return
    fix = 'keep "import otalab_recover" in boot.py, or add boot.py to `ignore`'
    for op in plan['ops']:
        if op['op'] == 'delete' and op['path'] == BOOT_PATH:
            raise OtaError('HOOK_REMOVED', "the update deletes boot.py, which runs otalab's recovery at boot; refusing it (%s)" % fix)
    for op in plan['download']:
        if op['path'] == BOOT_PATH and not carries_hook(R.join(stage_dir, BOOT_PATH)):
            raise OtaError('HOOK_REMOVED', 'the update\'s boot.py no longer imports otalab_recover, so recovery would stop running at boot; refusing it (%s)' % fix)
