import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from './parse-config.ts';
import { formatOf } from './parse-text.ts';
import { configErrorOf } from './test-helpers.ts';

// One configuration written three ways (predecessor test_load_config: JSON, TOML and YAML load).
const JSON_TEXT = `{
  "_comment": "sample",
  "owner": "octo",
  "repo": "blinky",
  "channel": "developer",
  "branch": "dev",
  "allow": ["/lib/", "main.py"],
  "ignore": [],
  "chunk": "2048",
  "connect_timeout_sec": 2.5,
  "watchdog_timeout_ms": 8000,
  "force": true,
  "token": ""
}`;

const YAML_TEXT = `# sample
_comment: sample
owner: octo
repo: blinky
channel: developer
branch: dev
allow:
  - /lib/
  - main.py
ignore: []
chunk: "2048"
connect_timeout_sec: 2.5
watchdog_timeout_ms: 8000
force: true
token: ""
`;

const TOML_TEXT = `# sample
_comment = "sample"
owner = "octo"
repo = "blinky"
channel = "developer"
branch = "dev"
allow = ["/lib/", "main.py"]
ignore = []
chunk = "2048"
connect_timeout_sec = 2.5
watchdog_timeout_ms = 8000
force = true
token = ""
`;

describe('formats', () => {
  it('JSON, YAML and TOML give the same config', () => {
    const fromJson = parseConfig(JSON_TEXT, 'ota_config.json');
    const fromYaml = parseConfig(YAML_TEXT, 'ota_config.yaml');
    const fromYml = parseConfig(YAML_TEXT, 'ota_config.yml');
    const fromToml = parseConfig(TOML_TEXT, 'ota_config.toml');
    expect(fromJson.config).toMatchObject({
      owner: 'octo',
      repo: 'blinky',
      channel: 'developer',
      branch: 'dev',
      allow: ['lib', 'main.py'],
      chunk: 2048,
      connect_timeout_sec: 2.5,
      watchdog_timeout_ms: 8000,
      http_timeout_sec: 7, // the default 10 s lowered under the 8 s watchdog
      force: true,
      token: null,
    });
    expect(fromYaml).toEqual(fromJson);
    expect(fromYml).toEqual(fromJson);
    expect(fromToml).toEqual(fromJson);
  });

  it('choose the parser by extension, case-insensitively, JSON otherwise', () => {
    expect(formatOf('ota_config.YAML')).toBe('yaml');
    expect(formatOf('dir/x.yml')).toBe('yaml');
    expect(formatOf('x.toml')).toBe('toml');
    expect(formatOf('ota_config.json')).toBe('json');
    expect(formatOf('config.txt')).toBe('json');
  });

  it('read an empty YAML document as {} and then ask for owner', () => {
    const err = configErrorOf(() => parseConfig('# nothing yet\n', 'ota_config.yaml'));
    expect(err.key).toBe('owner');
    expect(err.message).toContain('ota_config.yaml: "owner" is required');
  });

  it('skip a byte-order mark', () => {
    expect(parseConfig('\uFEFF{"owner":"a","repo":"b"}', 'ota_config.json').config.owner).toBe('a');
  });
});

describe('syntax errors', () => {
  it('JSON: line and column of a missing comma', () => {
    const err = configErrorOf(() => parseConfig('{\n  "owner": "a"\n  "repo": "b"\n}', 'ota_config.json'));
    expect(err.key).toBeNull();
    expect(err.file).toBe('ota_config.json');
    expect(err.message).toContain('ota_config.json: invalid JSON at line 3, column 3: expected "," or "}" after a value');
  });

  it('JSON: a trailing comma, which V8 reports without a position', () => {
    const err = configErrorOf(() => parseConfig('{"owner": "a",\n}', 'ota_config.json'));
    expect(err.message).toContain('at line 2, column 1: trailing comma before "}"');
  });

  it('JSON: an empty file', () => {
    expect(configErrorOf(() => parseConfig('', 'ota_config.json')).message).toContain('line 1, column 1: unexpected end of file');
  });

  it('YAML: line and column of a duplicate key', () => {
    const err = configErrorOf(() => parseConfig('owner: a\nrepo: b\nowner: c\n', 'ota_config.yaml'));
    expect(err.key).toBeNull();
    expect(err.message).toContain('ota_config.yaml: invalid YAML at line 3, column 1: a key appears twice');
  });

  it('TOML: line and column of a missing value', () => {
    const err = configErrorOf(() => parseConfig('owner = "a"\nrepo =\n', 'ota_config.toml'));
    expect(err.message).toMatch(/^ota_config\.toml: invalid TOML at line 2, column \d+: /);
  });

  it('never quote the source, which may hold the token', () => {
    const secret = 'ghp_0123456789abcdefSECRET';
    const cases: [string, string][] = [
      [`{"owner": "a", "token": "${secret}" "repo": "b"}`, 'ota_config.json'],
      [`{"token": ${secret}}`, 'ota_config.json'],
      [`token: "${secret}\\q"\n`, 'ota_config.yaml'],
      [`token: !${secret} x\n`, 'ota_config.yaml'],
      [`token = ${secret}\n`, 'ota_config.toml'],
    ];
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    for (const [text, file] of cases) {
      const err = configErrorOf(() => parseConfig(text, file));
      expect(err.message).not.toContain('SECRET');
      expect(JSON.stringify(err.details)).not.toContain('SECRET');
    }
    // The yaml package reports an unknown tag through process warnings, quoting the line.
    expect(emitWarning).not.toHaveBeenCalled();
    emitWarning.mockRestore();
  });
});
