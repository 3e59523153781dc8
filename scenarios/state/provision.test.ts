import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Scenario } from '../types.ts';
import { provision } from './provision.ts';

const shaOf = (label: string) => `${label}`.padEnd(40, '0');
const text = (m: Map<string, Uint8Array>, p: string) => new TextDecoder().decode(m.get(p));

// Blob SHAs known from git itself: `printf 'hello\n' | git hash-object --stdin` and the empty blob.
const HELLO = 'ce013625030ba8dba906f756967f9e9ca394464a';
const EMPTY = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
const README = 'd7d00c99882299b684c909be5b3e94014edd326f'; // printf '# r' | git hash-object --stdin

function scenario(device: Partial<Scenario['device']> = {}): Scenario {
  return {
    name: 't',
    description: 't',
    device: { config: { owner: 'o', repo: 'r' }, installed: 'v1', ...device },
    server: {
      repos: [
        {
          owner: 'o',
          name: 'r',
          commits: { v1: { files: { 'main.py': 'hello\n', 'lib/empty.py': '', 'README.md': '# r', 'ota_config.json': '{"owner": "YOUR_GITHUB_USERNAME"}' } } },
        },
      ],
    },
    expect: {},
  };
}

describe('provision', () => {
  it('writes the config, the installed managed files and version.json in the predecessor byte format', () => {
    const files = provision(scenario(), shaOf);
    expect([...files.keys()].sort()).toEqual(['README.md', 'lib/empty.py', 'main.py', 'ota_config.json', 'version.json']);
    // Python: json.dumps({"ref": "v1", "commit": sha, "files": {...sorted}}) — default separators.
    expect(text(files, 'version.json')).toBe(
      `{"ref": "v1", "commit": "${shaOf('v1')}", "files": {"README.md": "${README}", "lib/empty.py": "${EMPTY}", "main.py": "${HELLO}"}}`,
    );
  });

  it('never installs the repo\'s own ota_config.json over the device config', () => {
    const files = provision(scenario(), shaOf);
    expect(JSON.parse(text(files, 'ota_config.json'))).toEqual({ owner: 'o', repo: 'r', watchdog_timeout_ms: 8000 });
  });

  it('leaves out files the allow/ignore rules exclude, from the files and from the map', () => {
    const files = provision(scenario({ config: { owner: 'o', repo: 'r', ignore: ['/README.md'] } }), shaOf);
    expect(files.has('README.md')).toBe(false);
    expect(Object.keys(JSON.parse(text(files, 'version.json')).files).sort()).toEqual(['lib/empty.py', 'main.py']);
    const only = provision(scenario({ config: { owner: 'o', repo: 'r', allow: ['lib'] } }), shaOf);
    expect([...only.keys()].sort()).toEqual(['lib/empty.py', 'ota_config.json', 'version.json']);
  });

  it('uses installedRef and puts device.files on top, expanding placeholders', () => {
    const files = provision(
      scenario({ installedRef: 'v1.0.0', files: { 'main.py': 'edited', 'note.txt': 'c=${commit:v1} b=${blob:v1:main.py} m=${files:v1} ${other}' } }),
      shaOf,
    );
    expect(JSON.parse(text(files, 'version.json')).ref).toBe('v1.0.0');
    expect(text(files, 'main.py')).toBe('edited');
    const note = text(files, 'note.txt');
    expect(note).toContain(`c=${shaOf('v1')} b=${HELLO} m={"README.md": "`);
    expect(note).toContain(`"main.py": "${HELLO}"}`);
    expect(note.endsWith(' ${other}')).toBe(true);
  });

  it('writes a fresh board without version.json when nothing is installed', () => {
    const files = provision(scenario({ installed: undefined, files: { 'x.bin': { base64: 'AAEC' } } }), shaOf);
    expect([...files.keys()].sort()).toEqual(['ota_config.json', 'x.bin']);
    expect([...files.get('x.bin')!]).toEqual([0, 1, 2]);
  });

  it('serialises the config as YAML or TOML by file name, and configText verbatim', () => {
    const config = { owner: 'o', repo: 'r', allow: ['lib'], tag: null };
    const yaml = provision(scenario({ config, configFile: 'ota_config.yaml' }), shaOf);
    expect(parseYaml(text(yaml, 'ota_config.yaml'))).toEqual({ ...config, watchdog_timeout_ms: 8000 });
    const toml = provision(scenario({ config, configFile: 'ota_config.toml' }), shaOf);
    expect(parseToml(text(toml, 'ota_config.toml'))).toEqual({ owner: 'o', repo: 'r', allow: ['lib'], watchdog_timeout_ms: 8000 });
    const raw = provision(scenario({ configText: '{"owner": "o",' }), shaOf);
    expect(text(raw, 'ota_config.json')).toBe('{"owner": "o",');
  });

  it('runs the board with the lab watchdog (8000 ms) unless the config names one; null turns it off', () => {
    const on = provision(scenario(), shaOf);
    expect(JSON.parse(text(on, 'ota_config.json')).watchdog_timeout_ms).toBe(8000);
    const own = provision(scenario({ config: { owner: 'o', repo: 'r', watchdog_timeout_ms: 500 } }), shaOf);
    expect(JSON.parse(text(own, 'ota_config.json')).watchdog_timeout_ms).toBe(500);
    const off = provision(scenario({ config: { owner: 'o', repo: 'r', watchdog_timeout_ms: null } }), shaOf);
    expect(JSON.parse(text(off, 'ota_config.json')).watchdog_timeout_ms).toBeNull();
  });
});
