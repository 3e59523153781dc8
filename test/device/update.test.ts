// One whole update attempt on the device (config → resolve → tree or signed manifest → plan →
// stage → commit) against the simulator's fake GitHub model, reached through the device's own
// HTTP client over a socket double; and the same attempt by core against the same model, which
// must send the same requests in the same order and leave the same version.json.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFlash } from '../../core/adapters/node-flash.ts';
import { validateConfig } from '../../core/config/index.ts';
import { checkForUpdate } from '../../core/update/check-for-update.ts';
import { testPorts } from '../../core/commit/test-kit.ts';
import { GitHubModel } from '../../sim/github/model.ts';
import { sampleSpec, START_MS } from '../../sim/github/test-fixture.ts';
import { toWebResponse } from '../../sim/link/web-response.ts';
import { loadDevice } from './harness.ts';

/** A socket double whose connections are answered by `_gh` (the GitHub model, synchronously). */
const GH_SOCKET = `
import _gh, json
class _GhConn:
    def __init__(self):
        self.sent = bytearray(); self.data = None; self.pos = 0
    def settimeout(self, t): pass
    def connect(self, addr): pass
    def write(self, b):
        self.sent.extend(b); return len(b)
    def readinto(self, buf):
        if self.data is None:
            head = str(bytes(self.sent), 'utf-8').split('\\r\\n')
            method, path, _ = head[0].split(' ')
            hdrs = dict([(l.split(':', 1)[0].strip().lower(), l.split(':', 1)[1].strip()) for l in head[1:] if ':' in l])
            meta = json.loads(_gh.handle(method, 'https://' + hdrs['host'] + path, json.dumps(hdrs)))
            body = bytes(_gh.body())
            lines = ['HTTP/1.1 %d X' % meta['status']] + ['%s: %s' % kv for kv in meta['headers'].items()] + ['Content-Length: %d' % len(body), '', '']
            self.data = '\\r\\n'.join(lines).encode() + body
        n = min(len(buf), len(self.data) - self.pos)
        buf[:n] = self.data[self.pos:self.pos + n]; self.pos += n
        return n
    def close(self): pass
fake_socket.socket = lambda: _GhConn()
`;

async function deviceRun(config: Record<string, unknown>) {
  const model = new GitHubModel(sampleSpec(), { now: () => START_MS });
  const dev = await loadDevice();
  let body: Uint8Array = new Uint8Array(0);
  dev.mp.registerJsModule('_gh', {
    handle: (method: string, url: string, headers: string) => {
      const res = model.handle({ method, url, headers: JSON.parse(headers) as Record<string, string> });
      body = res.body;
      const h = Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'content-length'));
      return JSON.stringify({ status: res.status, headers: h });
    },
    body: () => body,
  });
  dev.write('ota_config.json', JSON.stringify(config));
  dev.run(GH_SOCKET);
  const outcome = dev.eval('from otalab import config, update\n_cfg, _w = config.load()\n_out = update.describe(update.check_for_update(_cfg))');
  return { dev, outcome, requests: model.log.map((r) => `${r.method} ${r.url} ${r.status}`) };
}

async function coreRun(config: Record<string, unknown>) {
  const model = new GitHubModel(sampleSpec(), { now: () => START_MS });
  const dir = mkdtempSync(join(tmpdir(), 'otalab-device-e2e-'));
  try {
    const ports = {
      ...testPorts(nodeFlash(dir)),
      http: { fetch: async (url: string, init: { headers: Record<string, string> }) => toWebResponse({ deliver() {} }, model.handle({ method: 'GET', url, headers: Object.fromEntries(Object.entries(init.headers).map(([k, v]) => [k.toLowerCase(), v])) }), 'GET') },
      system: { reset: async () => { throw new Error('reset'); }, resetCause: () => 'power-on' as const, uniqueId: () => 'x', freeMemory: () => null },
    };
    const outcome = await checkForUpdate(ports, validateConfig(config, 'ota_config.json').config);
    return { outcome, version: readFileSync(join(dir, 'version.json'), 'utf8'), requests: model.log.map((r) => `${r.method} ${r.url} ${r.status}`) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a whole update on the device', () => {
  it('installs the branch tip in tree mode like core, with the same requests', async () => {
    const config = { owner: 'acme', repo: 'fw', channel: 'developer', branch: 'main' };
    const dev = await deviceRun(config);
    const core = await coreRun(config);
    expect(dev.outcome).toMatch(/^updated \(none\) -> [0-9a-f]{7} \(\+4 ~0 -0 =0\)$/);
    expect(dev.requests).toEqual(core.requests);
    expect(dev.dev.read('version.json')).toBe(core.version);
    const files = dev.dev.files();
    expect(files['main.py']).toBe('print(3)\n');
    expect(files['docs/my file #1.txt']).toBe('spaced\n');
    expect(dev.dev.mp.FS.readFile('/flash/big.bin')).toHaveLength(10000);
    expect(JSON.parse(files['ota_journal.json']!).phase).toBe('trial');
    // No check while the journal is pending (SPEC §5.5); once confirmed, the board is up to date.
    expect(dev.dev.eval("_out = update.describe(update.check_for_update(_cfg))")).toMatch(/^deferred: ota_journal.json is still pending/);
    expect(dev.dev.eval("import otalab_recover\notalab_recover.confirm()\n_out = update.describe(update.check_for_update(_cfg))")).toMatch(/^up-to-date /);
  });

  it('installs the latest release from its signed manifest like core', async () => {
    const config = { owner: 'acme', repo: 'fw', manifest_key: 'sekrit' };
    const dev = await deviceRun(config);
    const core = await coreRun(config);
    expect(dev.outcome).toMatch(/^updated \(none\) -> /);
    expect(dev.requests).toEqual(core.requests);
    expect(dev.dev.read('version.json')).toBe(core.version);
  });

  it('refuses the manifest under a wrong key, records SIGNATURE_INVALID and installs nothing', async () => {
    const dev = await deviceRun({ owner: 'acme', repo: 'fw', manifest_key: 'wrong' });
    expect(dev.outcome).toMatch(/^failed SIGNATURE_INVALID: manifest signature mismatch/);
    const files = dev.dev.files();
    expect(files['version.json']).toBeUndefined();
    expect(JSON.parse(files['ota_error.json']!).errors[0].code).toBe('SIGNATURE_INVALID');
  });
});
