// The `requests` / `urequests` shim a foreign updater gets (shims/requests.py): a GET of a raw file
// with .status_code/.content/.json(), a release download that redirects to the CDN followed, and
// a link that drops mid-body surfacing as an OSError from the read — all over the lab's Link.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fileBytes } from '../github/files.ts';
import { bootOnce, testBoard } from './test-kit.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const boot = (code: string, options: Parameters<typeof testBoard>[1] = {}) => bootOnce(testBoard({ 'boot.py': code }, options), { requests: true });

describe('requests shim (foreign updaters only)', () => {
  it('GET a raw file and a JSON API answer: status, bytes, .json()', async () => {
    const r = await boot(`
import urequests, hashlib, binascii
r = urequests.get('https://raw.githubusercontent.com/acme/fw/v2/big.bin')
print('status', r.status_code, binascii.hexlify(hashlib.sha256(r.content).digest()).decode())
j = urequests.get('https://api.github.com/repos/acme/fw/releases/latest', headers={'User-Agent': 't'}).json()
print('tag', j['tag_name'])
`);
    expect(r.stopped).toBeNull();
    expect(r.lines).toContain(`status 200 ${sha256(fileBytes({ random: 10000, seed: 7 }))}`);
    expect(r.lines).toContain('tag v2');
  });

  it('follows the release download redirect to the asset bytes', async () => {
    const r = await boot(`
import requests, hashlib, binascii
r = requests.get('https://github.com/acme/fw/releases/download/v2/fw.bin')
print('asset', r.status_code, binascii.hexlify(hashlib.sha256(r.content).digest()).decode())
`);
    expect(r.lines).toContain(`asset 200 ${sha256(fileBytes({ random: 5000, seed: 3 }))}`);
  });

  it('a link drop mid-body is an OSError from the read, not a short body', async () => {
    const r = await boot(
      `
import urequests
r = urequests.get('https://raw.githubusercontent.com/acme/fw/v2/big.bin')
got = 0
try:
    while True:
        b = r.raw.read(512)
        if not b:
            break
        got += len(b)
    print('read', got)
except OSError as e:
    print('oserror', e.errno, 'after', got)
`,
      { linkFaults: [{ kind: 'drop', urlIncludes: 'big.bin', afterBytes: 100 }] },
    );
    expect(r.lines).toContain('oserror 104 after 100');
  });

  it('is absent from boards running our updater', async () => {
    const r = await bootOnce(testBoard({ 'boot.py': 'try:\n    import urequests\n    print("present")\nexcept ImportError:\n    print("absent")\n' }));
    expect(r.lines).toContain('absent');
  });
});
