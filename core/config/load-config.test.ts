import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFlash } from '../adapters/node-flash.ts';
import { isOtaError } from '../errors.ts';
import { CONFIG_FILE_NAMES, loadConfig } from './load-config.ts';
import { configErrorOf } from './test-helpers.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'otalab-config-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const write = (name: string, text: string | Uint8Array) => writeFileSync(join(root, name), text);

async function loadError() {
  let caught: unknown;
  try {
    await loadConfig(nodeFlash(root));
  } catch (err) {
    caught = err;
  }
  return configErrorOf(() => {
    throw caught ?? new Error('Failed to load: nothing was thrown');
  });
}

describe('loadConfig', () => {
  it('loads ota_config.json', async () => {
    write('ota_config.json', '{"owner": "octo", "repo": "blinky"}');
    const loaded = await loadConfig(nodeFlash(root));
    expect(loaded.source).toBe('ota_config.json');
    expect(loaded.config.owner).toBe('octo');
    expect(loaded.warnings).toEqual([]);
  });

  it.each([
    ['ota_config.yaml', 'owner: octo\nrepo: blinky\n'],
    ['ota_config.yml', 'owner: octo\nrepo: blinky\n'],
    ['ota_config.toml', 'owner = "octo"\nrepo = "blinky"\n'],
  ])('loads %s alone', async (name, text) => {
    write(name, text);
    const loaded = await loadConfig(nodeFlash(root));
    expect(loaded.source).toBe(name);
    expect(loaded.config.repo).toBe('blinky');
  });

  it('looks in the order json, yaml, yml, toml, and warns about the ones it ignores', async () => {
    write('ota_config.toml', 'owner = "from-toml"\nrepo = "r"\n');
    write('ota_config.yml', 'owner: from-yml\nrepo: r\n');
    let loaded = await loadConfig(nodeFlash(root));
    expect(loaded.source).toBe('ota_config.yml');
    expect(loaded.config.owner).toBe('from-yml');
    expect(loaded.warnings).toEqual([
      'using ota_config.yml; ignoring ota_config.toml (only one configuration file is read: delete it to silence this warning)',
    ]);

    write('ota_config.json', '{"owner": "from-json", "repo": "r"}');
    write('ota_config.yaml', 'owner: from-yaml\nrepo: r\n');
    loaded = await loadConfig(nodeFlash(root));
    expect(loaded.source).toBe('ota_config.json');
    expect(loaded.config.owner).toBe('from-json');
    expect(loaded.warnings[0]).toContain('ignoring ota_config.yaml and ota_config.yml and ota_config.toml');
  });

  it('puts the multiple-files warning before the key warnings', async () => {
    write('ota_config.json', '{"owner": "o", "repo": "r", "chanel": "x"}');
    write('ota_config.toml', 'owner = "o"\nrepo = "r"\n');
    const { warnings } = await loadConfig(nodeFlash(root));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('ignoring ota_config.toml');
    expect(warnings[1]).toContain('unknown key "chanel"');
  });

  it('ignores a directory that happens to carry a config name', async () => {
    mkdirSync(join(root, 'ota_config.json'));
    write('ota_config.yaml', 'owner: o\nrepo: r\n');
    expect((await loadConfig(nodeFlash(root))).source).toBe('ota_config.yaml');
  });

  it('says which names it looked for, and what to create, when there is none', async () => {
    const err = await loadError();
    expect(isOtaError(err, 'CONFIG_INVALID')).toBe(true);
    expect(err.key).toBeNull();
    for (const name of CONFIG_FILE_NAMES) expect(err.message).toContain(name);
    expect(err.message).toContain('create ota_config.json with at least {"owner"');
  });

  it('reports validation problems against the file it read', async () => {
    write('ota_config.toml', 'owner = "o"\nrepo = "r"\nchunk = "big"\n');
    const err = await loadError();
    expect(err.file).toBe('ota_config.toml');
    expect(err.key).toBe('chunk');
    expect(err.message).toMatch(/^ota_config\.toml: "chunk" must be an integer number of bytes/);
  });

  it('rejects a file that is not UTF-8', async () => {
    write('ota_config.json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    const err = await loadError();
    expect(err.message).toContain('ota_config.json: is not valid UTF-8');
  });
});
