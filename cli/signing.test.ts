// keygen writes a private key only its owner can read and prints the config line; manifest --sign
// writes what core's updater verifies (round trip through parseManifest with that line as
// trusted_keys); bad input exits 2 with a message and writes nothing. The example GitHub Actions
// workflow parses, and every otalab command and option it runs exists in the CLI.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { parseManifest } from '../core/manifest/parse-manifest.ts';
import { validateConfig } from '../core/config/index.ts';
import { buildProgram, main } from './main.ts';
import { generateSigningKey } from './signing/keygen.ts';
import { buildSignedManifest, manifestText, readSigningKey } from './signing/sign-manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'otalab-sign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = resolve(import.meta.dirname, '..');

describe('keygen + manifest --sign', () => {
  const key = generateSigningKey(join(dir, 'keys'));

  it('writes the private key 0600, refuses to overwrite it, and gives a config line the board accepts', () => {
    expect(statSync(key.keyFile).mode & 0o777).toBe(0o600);
    expect(() => generateSigningKey(join(dir, 'keys'))).toThrow(/already exists; refusing to overwrite/);
    const { config } = validateConfig({ owner: 'acme', repo: 'widget', trusted_keys: { [key.keyId]: key.publicHex } }, 'ota_config.json');
    expect(config.trusted_keys).toEqual({ [key.keyId]: key.publicHex });
  });

  it('signs a manifest that core verifies; a tampered copy is refused', () => {
    const files = new Map([['main.py', new TextEncoder().encode("print('hi')\n")]]);
    const m = buildSignedManifest({ owner: 'acme', repo: 'widget', tag: 'v1.0.0', commit: 'c'.repeat(40), counter: 12, generatedAt: '2026-12-01T00:00:00Z', files }, readSigningKey(readFileSync(key.keyFile, 'utf8'), key.keyFile));
    const ctx = {
      commit: 'c'.repeat(40), manifestKey: null, stageDir: '.ota_stage', backupDir: '.ota_backup', log: { log: () => {} },
      signing: { trustedKeys: new Map([[key.keyId, new Uint8Array(Buffer.from(key.publicHex, 'hex'))]]), owner: 'acme', repo: 'widget', ref: 'v1.0.0' },
    };
    const text = manifestText(m);
    expect(parseManifest(text, ctx)).toMatchObject({ counter: 12, keyId: key.keyId, files: [{ path: 'main.py', size: 12 }] });
    expect(() => parseManifest(text.replace('"size": 12', '"size": 13'), ctx)).toThrow(/does not verify/);
  });

  it('the command: writes manifest.json from a directory; without --counter exits 2 and writes nothing', async () => {
    const app = join(dir, 'app');
    mkdirSync(join(app, '__pycache__'), { recursive: true });
    writeFileSync(join(app, 'main.py'), 'print(1)\n');
    writeFileSync(join(app, '__pycache__', 'x.pyc'), 'junk');
    const cli = async (args: string[]) => {
      const text: string[] = [];
      const spies = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
      for (const s of spies) s.mockImplementation((c: string | Uint8Array) => (text.push(String(c)), true));
      try {
        return { code: await main(['node', 'otalab', ...args]), out: text.join('') };
      } finally {
        for (const s of spies) s.mockRestore();
      }
    };
    const base = ['manifest', app, '--sign', key.keyFile, '--owner', 'acme', '--repo', 'widget', '--tag', 'v1.0.0', '--commit', 'd'.repeat(40)];
    const bad = await cli([...base, '--out', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--counter: a non-negative integer is required/);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
    const ok = await cli([...base, '--counter', '3', '--out', join(dir, 'm.json')]);
    expect(ok.out).toMatch(/counter 3, 1 files, signed by/);
    const m = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(m.files.map((f: { path: string }) => f.path)).toEqual(['main.py']);
    expect(m.ed25519.key_id).toBe(key.keyId);
  });
});

describe('examples/github-actions/sign-release.yml', () => {
  it('parses, and runs only otalab commands and options that exist', () => {
    const wf = parse(readFileSync(join(ROOT, 'examples/github-actions/sign-release.yml'), 'utf8')) as { on: unknown; jobs: Record<string, { steps: { run?: string }[] }> };
    expect(wf.on).toEqual({ release: { types: ['published'] } });
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).filter((r) => r.includes('otalab'));
    expect(runs.length).toBeGreaterThan(0);
    const program = buildProgram(() => {});
    for (const run of runs) {
      const words = run.replace(/\s+/g, ' ').trim().split(' ');
      const sub = words[words.indexOf('otalab') + 1]!;
      const cmd = program.commands.find((c) => c.name() === sub);
      expect(cmd, `otalab ${sub}`).toBeDefined();
      for (const flag of words.filter((w) => w.startsWith('--') && w !== '--yes')) {
        expect(cmd!.options.map((o) => o.long), `otalab ${sub} ${flag}`).toContain(flag);
      }
    }
  });
});
