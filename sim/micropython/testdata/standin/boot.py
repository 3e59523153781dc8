# A stand-in updater for the micropython target's own tests (NOT device/): it reports recovery,
# counts boots in boots.txt (write-then-rename), "installs" app.txt on the first boot and resets,
# and reports a failed check while fail.flag exists.
import os
import machine
import otalab_hooks

otalab_hooks.on_recovered('none')
try:
    n = int(open('boots.txt').read())
except OSError:
    n = 0
f = open('boots.tmp', 'wb')
f.write(str(n + 1).encode())
f.close()
os.rename('boots.tmp', 'boots.txt')
names = os.listdir()
if 'fail.flag' in names:
    otalab_hooks.on_outcome('failed NETWORK: stand-in check failed')
elif 'app.txt' not in names:
    f = open('app.txt', 'wb')
    f.write(b'v2')
    f.close()
    otalab_hooks.on_outcome('updated 0000000 -> 1111111 (+1 ~0 -0 =0)')
    machine.reset()
else:
    otalab_hooks.on_outcome('up-to-date 1111111')
