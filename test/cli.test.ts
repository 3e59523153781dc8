// The CLI as a user and as CI meet it: the JSON contract, errors that name the line and key, and
// failures that print a command which reproduces them.
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { otalab } from './otalab-cli.ts';


const dir = mkdtempSync(join(tmpdir(), 'otalab-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** A scenario whose expectation is wrong on purpose (it expects v1; the board correctly installs v2). */
const WRONG = `description: expects the wrong version, so every run fails
device:
  config: {owner: acme, repo: app, channel: developer}
  installed: v1
server:
  repos:
    - owner: acme
      name: app
      commits:
        v1: {files: {main.py: "print(1)\\n"}}
        v2: {parent: v1, files: {main.py: "print(2)\\n"}}
      branches: {main: v2}
expect:
  version: v1
`;

afterEach(() => vi.restoreAllMocks());

describe('otalab suite --json', () => {
  it('prints exactly the documented object and exits 0 when everything passes', async () => {
    const { code, out } = await otalab('suite', '--json', '--filter', 'developer-channel');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(Object.keys(json)).toEqual(['target', 'flash', 'scenarios', 'faultPoints', 'maxFeedGapMs']);
    expect(json).toMatchObject({ target: 'ts', flash: 'littlefs', scenarios: { passed: 1, failed: 0, skipped: 0 }, faultPoints: { violations: 0 } });
    expect(json.maxFeedGapMs).toBeGreaterThanOrEqual(0);
    expect(json.faultPoints.explored).toBeGreaterThan(10);
  });

  it('exits 1 and writes JUnit with the replay command when a scenario fails', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'otalab-lib-'));
    writeFileSync(join(lib, 'wrong.yaml'), WRONG);
    const junit = join(dir, 'junit.xml');
    const { code, out } = await otalab('suite', '--dir', lib, '--no-sweep', '--junit', junit);
    expect(code).toBe(1);
    expect(out).toMatch(/0 passed, 1 failed, 0 skipped/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testcase name="wrong"[^>]*>.*<failure type="expectation" message="1 failing run: expected version v1/);
    expect(xml).toMatch(/replay: npx otalab sim run [^\s<]+wrong\.yaml</);
  });
});

describe('errors a newcomer meets', () => {
  it('a scenario with a mistake: the error names the file, line, column and key, with a suggestion', async () => {
    const bad = file('bad.yaml', WRONG.replace('expect:\n  version: v1\n', 'faults:\n  - {kind: power-cutt, op: 3}\nexpect:\n  version: v2\n'));
    const { code, out } = await otalab('check', 'scenario', bad);
    expect(code).toBe(1);
    expect(out).toMatch(/bad\.yaml:14:\d+: faults\[0\]\.kind: .*"power-cutt".*did you mean "power-cut"/);
  });

  it('a config with a wrong type: the error names the key and what to do', async () => {
    const cfg = file('ota_config.json', JSON.stringify({ owner: 'acme', repo: 'app', chunk: 'big' }));
    const { code, out } = await otalab('check', 'config', cfg);
    expect(code).toBe(1);
    expect(out).toMatch(/"chunk" must be an integer/);
  });

  it('a typo in channel is an error, not developer mode', async () => {
    const cfg = file('typo.json', JSON.stringify({ owner: 'acme', repo: 'app', channel: 'stabel' }));
    const { code, out } = await otalab('check', 'config', cfg);
    expect(code).toBe(1);
    expect(out).toMatch(/"channel" must be "stable" or "developer" \(got "stabel"; did you mean "stable"\?\)/);
  });
});

describe('failures replay from the one line they print', () => {
  it('fuzz: a scenario whose clean run fails fails at once, with the command that reproduces it', async () => {
    const wrong = file('wrong-fuzz.yaml', WRONG);
    const first = await otalab('sim', 'fuzz', wrong, '--runs', '5', '--seed', '42');
    expect(first.code).toBe(1);
    const replay = /replay: npx otalab (.+)$/m.exec(first.out)?.[1];
    expect(replay).toMatch(/^sim run \S+wrong-fuzz\.yaml$/);
    const again = await otalab(...replay!.split(' '));
    expect(again.code).toBe(1);
    const violations = (s: string) => s.split('\n').filter((l) => l.startsWith('VIOLATION'));
    expect(violations(again.out)).toEqual(violations(first.out));
  });

  it('sweep: each failing point prints a command that reruns exactly that point', async () => {
    const wrong = file('wrong-sweep.yaml', WRONG);
    const sweep = await otalab('sim', 'sweep', wrong);
    expect(sweep.code).toBe(1);
    const replay = /replay: npx otalab (sim sweep \S+ --op (\d+) --mode (\w+))/.exec(sweep.out);
    expect(replay).not.toBeNull();
    const one = await otalab(...replay![1]!.split(' '));
    expect(one.code).toBe(1);
    expect(one.out).toContain(`faults: {"kind":"power-cut","op":${replay![2]},"mode":"${replay![3]}"}`);
    expect(one.out).toMatch(/VIOLATION expectation: expected version v1/);
  });
});
