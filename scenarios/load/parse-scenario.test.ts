import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.ts';
import { InvalidScenarioError } from './scenario-error.ts';

const VALID = `description: v1 to v2
device:
  config: {owner: o, repo: r}
  installed: v1
server:
  repos:
    - owner: o
      name: r
      commits:
        v1: {files: {main.py: "one"}}
        v2: {parent: v1, files: {main.py: "two"}}
      tags: {v2.0: v2}
      releases: [{tag: v1}, {tag: v2.0}]
faults:
  - {kind: power-cut, op: 3}
expect:
  version: v2
`;

/** The one-line problems of an invalid text. */
function problems(text: string): string[] {
  try {
    parseScenario(text, 'lib/x.yaml');
  } catch (err) {
    if (err instanceof InvalidScenarioError) return err.problems.map((p) => p.toString());
    throw err;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('parseScenario', () => {
  it('returns the scenario named after its file', () => {
    const s = parseScenario(VALID, 'scenarios/library/stable-update.yaml');
    expect(s.name).toBe('stable-update');
    expect(s.faults).toEqual([{ kind: 'power-cut', op: 3 }]);
    expect(s.server.repos[0]!.commits.v2!.parent).toBe('v1');
  });

  it('reports an unknown fault kind with its position and a suggestion', () => {
    expect(problems(VALID.replace('kind: power-cut,', 'kind: power-cutt,'))).toEqual([
      'lib/x.yaml:15:12: faults[0].kind: unknown fault "power-cutt"; did you mean "power-cut"? (one of: power-cut, power-cut-at-time, power-cut-at-bytes, flash-full, brownout, status, drop, reset, dns, html, corrupt, truncate, stall)',
    ]);
  });

  it('reports every problem, in source order, not just the first', () => {
    const text = VALID.replace('installed: v1', 'instaled: v1').replace('op: 3', 'op: -3').replace('version: v2', 'version: v2\n  error: NOT_FUND');
    expect(problems(text)).toEqual([
      'lib/x.yaml:4:3: device.instaled: unknown key "instaled"; did you mean "installed"?',
      'lib/x.yaml:15:27: faults[0].op: must be >= 0 (got -3)',
      'lib/x.yaml:18:10: expect.error: unknown error code "NOT_FUND"; did you mean "NOT_FOUND"?',
    ]);
  });

  it('names missing keys, wrong types and bad file content', () => {
    const text = VALID.replace('  - {kind: power-cut, op: 3}', '  - {kind: drop}').replace('main.py: "two"', 'main.py: 2').replace('expect:\n  version: v2', 'maxBoots: eight\nexpect: {}');
    expect(problems(text)).toEqual([
      'lib/x.yaml:11:43: server.repos[0].commits.v2.files["main.py"]: must be file content: a text, {base64: ...}, {random: bytes, seed?: n} or {device: path, append?: text} (got 2)',
      'lib/x.yaml:15:5: faults[0]: missing required key "afterBytes"',
      'lib/x.yaml:16:11: maxBoots: must be an integer (got "eight")',
    ]);
  });

  it('explains that the name comes from the file', () => {
    expect(problems(`name: x\n${VALID}`)).toEqual(['lib/x.yaml:1:1: name: unknown key "name": a scenario is named after its file']);
  });

  it('keeps the yaml package\'s position for syntax errors', () => {
    const [first] = problems('description: x\ndevice: [1,\nserver: 2\n');
    expect(first).toMatch(/^lib\/x\.yaml:3:\d+: YAML syntax: /);
  });

  it('reports duplicate keys as a syntax problem', () => {
    expect(problems(VALID.replace('expect:\n  version: v2', 'expect:\n  version: v2\n  version: v1'))[0]).toMatch(/^lib\/x\.yaml:18:3: YAML syntax: Map keys must be unique/);
  });

  it('checks that every commit label, tag and repo exists', () => {
    const text = VALID.replace('parent: v1', 'parent: v0').replace('{tag: v2.0}]', '{tag: v3.0}]').replace('installed: v1', 'installed: v9').replace('version: v2', 'version: v3');
    expect(problems(text)).toEqual([
      'lib/x.yaml:4:14: device.installed: unknown commit "v9" in o/r; did you mean "v1"?',
      'lib/x.yaml:11:22: server.repos[0].commits.v2.parent: unknown commit "v0" in o/r; did you mean "v1"?',
      'lib/x.yaml:13:35: server.repos[0].releases[1].tag: unknown tag "v3.0" (list it under tags, or name a commit label); did you mean "v2.0"?',
      'lib/x.yaml:17:12: expect.version: unknown commit "v3" in o/r; did you mean "v1"?',
    ]);
  });

  it('requires the device\'s repo to exist unless the scenario expects NOT_FOUND', () => {
    const wrongRepo = VALID.replace('config: {owner: o, repo: r}', 'config: {owner: o, repo: q}');
    expect(problems(wrongRepo)).toEqual(['lib/x.yaml:3:28: device.config.repo: device config names o/q, which is not in server.repos (have: o/r)']);
    expect(parseScenario(wrongRepo.replace('version: v2', 'error: NOT_FOUND'), 'x.yaml').name).toBe('x');
  });

  it('checks placeholders in device files', () => {
    const text = VALID.replace('installed: v1', 'installed: v1\n  files:\n    j.json: "${commit:v7} ${blob:v1:nope.py}"');
    expect(problems(text)).toEqual([
      'lib/x.yaml:6:13: device.files["j.json"]: ${commit:v7}: unknown commit "v7"',
      'lib/x.yaml:6:13: device.files["j.json"]: ${blob:v1:nope.py}: "nope.py" is not a file of v1',
    ]);
  });

  it('rejects device paths that escape the root', () => {
    expect(problems(VALID.replace('installed: v1', 'installed: v1\n  files: {"../boot.py": x}'))).toEqual([
      'lib/x.yaml:5:11: device.files["../boot.py"]: key "../boot.py" is not a root-relative path without \'.\' or \'..\' segments',
    ]);
  });

  it('rejects a delete of a path the parent does not have', () => {
    expect(problems(VALID.replace('v2: {parent: v1,', 'v2: {parent: v1, delete: [mian.py],'))).toEqual([
      'lib/x.yaml:11:35: server.repos[0].commits.v2.delete[0]: "mian.py" is not in parent "v1", nothing to delete',
    ]);
  });

  it("refuses a request timeout that would not fit under the lab's default watchdog, and says how to fix it", () => {
    expect(problems(VALID.replace('config: {owner: o, repo: r}', 'config: {owner: o, repo: r, http_timeout_sec: 10}'))).toEqual([
      "lib/x.yaml:3:49: device.config.http_timeout_sec: 10 s does not fit under the lab's default watchdog (8000 ms); set it below 8 s, or set watchdog_timeout_ms (null for none)",
    ]);
    expect(() => parseScenario(VALID.replace('config: {owner: o, repo: r}', 'config: {owner: o, repo: r, http_timeout_sec: 10, watchdog_timeout_ms: null}'), 'x.yaml')).not.toThrow();
  });
});
