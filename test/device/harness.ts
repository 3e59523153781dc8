/**
 * Runs device/ in the real MicroPython interpreter (WebAssembly build) over its own in-memory
 * filesystem: the device files are copied to /flash, which becomes the cwd (the flash root, as on
 * a Pico W). The wasm build lacks hashlib.sha1, so the test supplies a stand-in from node:crypto
 * (the Pico W firmware has a native one); everything else is the interpreter's own.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadMicroPython, type MicroPython } from '@micropython/micropython-webassembly-pyscript/micropython.mjs';

export const DEVICE_DIR = resolve(import.meta.dirname, '../../device');
export const ROOT = '/flash';

/** Every file under device/, relative paths ('boot.py', 'lib/otalab/http.py', …). */
export function deviceFiles(dir = DEVICE_DIR): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...deviceFiles(p));
    else out.push(relative(DEVICE_DIR, p));
  }
  return out.sort();
}

const SHA1_SHIM = `
import sys, js, _jssha1, hashlib as _h
class _Sha1:
    # Stand-in for the firmware's native hashlib.sha1 (the wasm build lacks it).
    def __init__(self, data=None):
        self._id = _jssha1.create()
        if data is not None:
            self.update(data)
    def update(self, data):
        _jssha1.update(self._id, js.Uint8Array.new(bytes(data)))
    def digest(self):
        h = _jssha1.digest(self._id)
        return bytes([int(h[i:i + 2], 16) for i in range(0, len(h), 2)])
class _Hashlib:
    pass
_m = _Hashlib()
_m.sha1 = _Sha1
_m.sha256 = _h.sha256
sys.modules['hashlib'] = _m
del _m, _Hashlib
`;

/**
 * The wasm build has no socket module. A fake one stands in: each connection answers with the
 * next queued raw response (bytes, or an OSError errno to raise on connect / after N bytes), and
 * records the request bytes it was sent, so the device's own HTTP client is what gets tested.
 */
export const FAKE_SOCKET = `
class _FakeConn:
    def __init__(self, net):
        self.net = net
        self.sent = bytearray()
        self.pos = 0
        self.reply = None
    def settimeout(self, t):
        self.net.timeouts.append(t)
    def connect(self, addr):
        self.net.connects.append(addr)
        self.reply = self.net.replies.pop(0) if self.net.replies else OSError(104)
        if isinstance(self.reply, OSError):
            raise self.reply
    def write(self, b):
        self.sent.extend(b)
        return len(b)
    def readinto(self, buf):
        data, fail_at = self.reply if isinstance(self.reply, tuple) else (self.reply, None)
        if fail_at is not None and self.pos >= fail_at:
            raise OSError(104)
        end = len(data) if fail_at is None else fail_at
        n = min(len(buf), end - self.pos, self.net.max_read)
        buf[:n] = memoryview(data)[self.pos:self.pos + n]
        self.pos += n
        return n
    def close(self):
        self.net.requests.append(bytes(self.sent))

class _FakeNet:
    def __init__(self):
        self.replies = []
        self.requests = []
        self.connects = []
        self.timeouts = []
        self.max_read = 4096
    def getaddrinfo(self, host, port):
        if host.startswith('nxdomain'):
            raise OSError(-2)
        return [(2, 1, 0, '', (host, port))]
    def socket(self):
        return _FakeConn(self)

fake_socket = _FakeNet()

class _FakeSsl:
    # TLS pass-through: records the server name the client asked for.
    def __init__(self):
        self.hostnames = []
    def wrap_socket(self, sock, server_hostname=None):
        self.hostnames.append(server_hostname)
        return sock
fake_ssl = _FakeSsl()
`;

/**
 * The wasm build's VfsPosix raises emscripten errno numbers (ENOENT = 44); MicroPython on a Pico W
 * (and the simulator's VFS) raise MicroPython's (ENOENT = 2). The device code's `os` and `open`
 * are given a translating wrapper, so it sees the board's numbers.
 */
const ERRNO_SHIM = `
import sys as _sys
_sys.modules['socket'] = fake_socket
_sys.modules['ssl'] = fake_ssl
import os as _pos
_EMS = {44: 2, 20: 17, 54: 20, 31: 21, 55: 39, 28: 22, 51: 28, 29: 5}
def _tr(e):
    n = e.args[0] if e.args else None
    return OSError(_EMS.get(n, n))
def _wrap(fn):
    def call(*a):
        try:
            return fn(*a)
        except OSError as e:
            raise _tr(e)
    return call
class _BoardOs:
    def __getattr__(self, name):
        return _wrap(getattr(_pos, name))
_board_os = _BoardOs()
_board_open = _wrap(open)
import otalab_recover as _R0
_R0.os = _board_os
_R0.open = _board_open
from otalab import stage as _S0
_S0.os = _board_os
_S0.open = _board_open
`;

export interface Device {
  mp: MicroPython;
  out: string[];
  /** Runs Python; a Python exception becomes a JS Error carrying its message. */
  run(code: string): void;
  /** Runs Python and returns the string it assigns to `_out`. */
  eval(code: string): string;
  write(path: string, text: string | Uint8Array): void;
  read(path: string): string | null;
  /** Every file below the flash root except the updater's own (device/) files, path → text. */
  files(): Record<string, string>;
}

export async function loadDevice(opts: { withUpdater?: boolean } = {}): Promise<Device> {
  const out: string[] = [];
  const mp = await loadMicroPython({ stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
  const hashes = new Map<number, Hash>();
  let next = 1;
  mp.registerJsModule('_jssha1', {
    create: () => (hashes.set(next, createHash('sha1')), next++),
    update: (id: number, bytes: Uint8Array) => void hashes.get(id)!.update(bytes),
    digest: (id: number) => {
      const hex = hashes.get(id)!.digest('hex');
      hashes.delete(id);
      return hex;
    },
  });
  mp.FS.mkdir(ROOT);
  const own = new Set<string>();
  if (opts.withUpdater !== false) {
    for (const f of deviceFiles()) {
      mkdirsFs(mp, f);
      mp.FS.writeFile(`${ROOT}/${f}`, readFileSync(join(DEVICE_DIR, f)));
      own.add(f);
    }
  }
  const run = (code: string) => {
    try {
      mp.runPython(code);
    } catch (err) {
      const e = err as Error & { type?: string };
      throw new Error(`Python ${e.type ?? 'error'}: ${e.message.split('\n').slice(-3).join(' | ')}`);
    }
  };
  run(`import os, sys\nos.chdir('${ROOT}')\nif 'lib' not in sys.path: sys.path.append('lib')\n${SHA1_SHIM}`);
  if (opts.withUpdater !== false) run(FAKE_SOCKET + ERRNO_SHIM);
  const dev: Device = {
    mp,
    out,
    run,
    eval: (code) => {
      run(code);
      return String(mp.globals.get('_out'));
    },
    write: (path, text) => {
      mkdirsFs(mp, path);
      mp.FS.writeFile(`${ROOT}/${path}`, text);
    },
    read: (path) => {
      try {
        return new TextDecoder().decode(mp.FS.readFile(`${ROOT}/${path}`));
      } catch {
        return null;
      }
    },
    files: () => {
      const tree: Record<string, string> = {};
      const walk = (rel: string) => {
        for (const name of mp.FS.readdir(rel === '' ? ROOT : `${ROOT}/${rel}`)) {
          if (name === '.' || name === '..') continue;
          const p = rel === '' ? name : `${rel}/${name}`;
          if (mp.FS.isDir(mp.FS.stat(`${ROOT}/${p}`).mode)) walk(p);
          else if (!own.has(p) && !p.endsWith('.mpy')) tree[p] = new TextDecoder().decode(mp.FS.readFile(`${ROOT}/${p}`));
        }
      };
      walk('');
      return tree;
    },
  };
  return dev;
}

function mkdirsFs(mp: MicroPython, rel: string): void {
  const parts = rel.split('/').slice(0, -1);
  let p = ROOT;
  for (const seg of parts) {
    p += `/${seg}`;
    try {
      mp.FS.mkdir(p);
    } catch {
      // exists
    }
  }
}
