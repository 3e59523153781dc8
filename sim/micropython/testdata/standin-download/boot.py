# A stand-in for the bench (NOT device/): streams one file from the fake GitHub into the flash the
# way a careful updater does — one fixed 1 KiB buffer, blob SHA-1 on the fly, write-then-rename —
# so the shims' own heap use can be measured without the real updater.
import os
import socket
import ssl
import hashlib
import gc
import otalab_hooks

otalab_hooks.on_recovered('none')
gc.collect()
f = open('bench.txt', 'rb')
host, path, size = f.read().decode().split()
f.close()
size = int(size)
ai = socket.getaddrinfo(host, 443)[0][-1]
s = socket.socket()
s.settimeout(10)
s.connect(ai)
s = ssl.wrap_socket(s, server_hostname=host)
s.write(b'GET ' + path.encode() + b' HTTP/1.1\r\nHost: ' + host.encode() + b'\r\nConnection: close\r\n\r\n')
while s.readline() != b'\r\n':
    pass
buf = bytearray(1024)
mv = memoryview(buf)
h = hashlib.sha1(b'blob %d\x00' % size)
out = open('app.bin.part', 'wb')
got = 0
while got < size:
    n = s.readinto(buf)
    if n == 0:
        break
    h.update(mv[:n])
    out.write(mv[:n])
    got += n
out.close()
s.close()
os.rename('app.bin.part', 'app.bin')
otalab_hooks.on_outcome('updated (stand-in) %d bytes' % got)
