/**
 * `npm run bench:ed25519`: the device's pure-MicroPython Ed25519 verify (device/lib/otalab/ed25519.py,
 * SHA-512 from otalab/sha512.py: the interpreter has no hashlib.sha512) on the WebAssembly
 * interpreter, for signed manifests of 1, 20 and 100 files. Prints a table: wall ms (median of the
 * runs; whole verify, and the SHA-512 part alone), heap allocated during one verify (gc.mem_alloc
 * growth: the wasm interpreter cannot collect inside a call), the live heap retained after it
 * (collected at the top level), the watchdog feeds and the longest gap between two (ms). Asserts nothing. The wasm
 * interpreter on a PC is not a Pico W: divide nothing by it, read it as relative cost.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { signedPayload } from '../core/manifest/ed25519-payload.ts';
import { loadDevice } from '../test/device/harness.ts';

const runs = Number(process.argv[2] ?? 5);
if (!(runs >= 1)) throw new Error(`usage: npm run bench:ed25519 -- [runs], got "${process.argv[2]}"`);

const dev = await loadDevice();
dev.run(`
import gc, time, json, binascii
from otalab import ed25519 as E
from otalab.sha512 import sha512
_feeds = []
def _feed():
    _feeds.append(time.ticks_ms())
def _bench(pub, msg, sig):
    # Inside one call the wasm interpreter cannot collect (sim/micropython/host.ts HeapReport), so
    # mem_alloc growth is every byte allocated; the live heap is measured back at the top level.
    global _feeds
    out = {}
    gc.collect()
    t = time.ticks_ms()
    h = sha512(msg); h.digest()
    out['sha_ms'] = time.ticks_diff(time.ticks_ms(), t)
    base = gc.mem_alloc()
    _feeds = [time.ticks_ms()]
    ok = E.verify(pub, msg, sig, _feed)
    out['ms'] = time.ticks_diff(time.ticks_ms(), _feeds[0])
    out['alloc'] = gc.mem_alloc() - base
    out['feeds'] = len(_feeds) - 1
    out['gap'] = max([_feeds[i + 1] - _feeds[i] for i in range(len(_feeds) - 1)])
    out['ok'] = ok
    return out
`);

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rows: string[][] = [];
for (const nFiles of [1, 20, 100]) {
  const files = Array.from({ length: nFiles }, (_, i) => ({ path: `lib/module_${i}.py`, size: 1000 + i, sha256: 'ab'.repeat(32), crc32: i }));
  const m = { manifest_version: 2, owner: 'acme', repo: 'widget', version: 'v1.2.3', commit: '1'.repeat(40), counter: 7, generated_at: '2026-12-01T09:00:00Z', files };
  const msg = signedPayload(m);
  const sig = sign(null, msg, privateKey);
  const samples: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    dev.mp.globals.set('_args', JSON.stringify([pub.toString('hex'), Buffer.from(msg).toString('hex'), sig.toString('hex')]));
    dev.run('gc.collect()\n_base = gc.mem_alloc()');
    const r = JSON.parse(dev.eval('_a = json.loads(_args)\n_out = json.dumps(_bench(*[binascii.unhexlify(x) for x in _a]))')) as Record<string, number>;
    // Live heap kept after the call (module constants, the SHA-512 round table), collected at the top level.
    r.retained = Number(dev.eval('del _a\ngc.collect()\n_out = str(gc.mem_alloc() - _base)'));
    if (!r.ok) throw new Error('verify failed: the bench measures nothing');
    samples.push(r);
  }
  const med = (k: string) => median(samples.map((s) => s[k]!));
  rows.push([String(nFiles), String(msg.length), String(med('ms')), String(med('sha_ms')), `${(med('alloc') / 1024).toFixed(0)} KiB`, `${(med('retained') / 1024).toFixed(1)} KiB`, String(med('feeds')), String(med('gap'))]);
}
const head = ['files', 'signed bytes', 'verify ms', 'sha512 ms', 'allocated in verify', 'retained after', 'feeds', 'max feed gap ms'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(`bench:ed25519 - device ed25519.py on the MicroPython ${'1.27'} wasm interpreter, median of ${runs} runs`);
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
