// Every command on bad input: one line naming the file or flag and the problem, exit 2, before any
// run starts; faults that never fire fail the run; nothing that ran nothing passes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, main } from './main.ts';
import packageJson from '../package.json' with { type: 'json' };

async function otalab(...args: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const started = performance.now();
  try {
    const code = await main(['node', 'otalab', ...args]);
    return { code, out, err, ms: performance.now() - started };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'otalab-bad-input-'));
const file = (name: string, text: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const SCENARIO = (faults = '') => `description: a developer-channel update
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
${faults}expect:
  version: v2
`;

const ONE_LINE = /^otalab: .+: .+\n$/;

describe('faults that never fired', () => {
  it('a scenario fault past the end of the run fails it, named, with the run\'s op count', async () => {
    const s = file('late-cut.yaml', SCENARIO('faults:\n  - {kind: power-cut, op: 900}\n'));
    const r = await otalab('sim', 'run', s);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/VIOLATION fault-fired: fault power-cut op 900 never fired: the run had \d+ flash operations/);
  });

  it('optional: true lets it pass, and says so', async () => {
    const s = file('late-cut-optional.yaml', SCENARIO('faults:\n  - {kind: power-cut, op: 900, optional: true}\n'));
    const r = await otalab('sim', 'run', s);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/optional fault power-cut op 900 never fired/);
  });

  it('link faults, timed cuts and a full flash that never fired each fail the suite with their reason', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'otalab-unfired-'));
    writeFileSync(join(lib, 'never.yaml'), SCENARIO('faults:\n  - {kind: dns, urlIncludes: nowhere.example}\n  - {kind: power-cut-at-time, atMs: 99999999}\n  - {kind: flash-full, op: 5000}\n'));
    const r = await otalab('sim', 'run', join(lib, 'never.yaml'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/fault dns urlIncludes nowhere.example never fired: the run made \d+ requests, 0 of them to a URL containing "nowhere.example"/);
    expect(r.out).toMatch(/fault power-cut-at-time atMs 99999999 never fired: the run ended after \d+ ms of virtual time/);
    expect(r.out).toMatch(/fault flash-full op 5000 never fired: the run had \d+ flash operations/);
    const suite = await otalab('suite', '--dir', lib, '--no-sweep', '--json');
    expect(suite.code).toBe(1);
    expect(JSON.parse(suite.out).scenarios.failed).toBe(1);
  });

  it('a --fault the user added must fire too', async () => {
    const s = file('plain.yaml', SCENARIO());
    const r = await otalab('sim', 'run', s, '--fault', '{"kind":"status","status":500,"nth":99}');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/fault status status 500 nth 99 never fired: the run made \d+ requests/);
  });
});

describe('--fault is checked by the scenario schema', () => {
  it('a typo in the kind is an error with a did-you-mean, before any run', async () => {
    const r = await otalab('sim', 'run', file('plain2.yaml', SCENARIO()), '--fault', '{"kind":"power-cutt","op":3}');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^otalab: --fault \{"kind":"power-cutt","op":3\}: kind: unknown fault "power-cutt"; did you mean "power-cut"\?/);
    expect(r.out).toBe('');
  });

  it('an unknown key is named with a suggestion', async () => {
    const r = await otalab('sim', 'run', file('plain3.yaml', SCENARIO()), '--fault', '{"kind":"power-cut","op":3,"mdoe":"torn"}');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/mdoe: unknown key "mdoe"; did you mean "mode"\?/);
  });
});

describe('sweep --op and suites that run nothing', () => {
  it('sim sweep --op beyond the run is an error that says the count', async () => {
    const r = await otalab('sim', 'sweep', file('plain4.yaml', SCENARIO()), '--op', '900');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^otalab: --op 900 is beyond the run: it has (\d+) flash operations \(0…\d+/);
  });

  it('a --filter that matches nothing exits 2 with a did-you-mean', async () => {
    const r = await otalab('suite', '--filter', 'developer-chanel');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^otalab: --filter "developer-chanel" matches none of the \d+ scenarios in scenarios\/library; did you mean "developer-channel"\?\n$/);
  });

  it('a suite where every scenario was skipped exits 1 and says no scenario ran', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'otalab-skipped-'));
    writeFileSync(join(lib, 'yaml-config.yaml'), SCENARIO().replace('  installed: v1\n', '  installed: v1\n  configFile: ota_config.yaml\n'));
    const r = await otalab('suite', '--dir', lib, '--target', 'micropython', '--no-sweep', '--json');
    expect(JSON.parse(r.out).scenarios).toEqual({ passed: 0, failed: 0, fsLoss: 0, skipped: 1 });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no scenario ran: all 1 were skipped/);
  });
});

describe('unusable files: one line, exit 2, before the run', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing scenario (sim run)', ['sim', 'run', join(dir, 'nope.yaml')], /nope\.yaml: no such file\n$/],
    ['a directory as scenario (sim sweep)', ['sim', 'sweep', dir], /: is a directory, not a scenario file\n$/],
    ['missing scenario (sim fuzz)', ['sim', 'fuzz', join(dir, 'nope.yaml')], /nope\.yaml: no such file\n$/],
    ['missing scenario (check scenario)', ['check', 'scenario', join(dir, 'nope.yaml')], /nope\.yaml: no such file\n$/],
    ['missing config', ['check', 'config', join(dir, 'nope.json')], /nope\.json: no such file\n$/],
    ['a directory as config', ['check', 'config', dir], /: is a directory, not a device config file\n$/],
    ['missing library', ['suite', '--dir', join(dir, 'nolib')], /nolib: no such directory\n$/],
    ['--junit into a directory', ['suite', '--junit', dir], /: is a directory \(--junit needs a file name\)\n$/],
    ['--html under a file', ['suite', '--html', join(dir, 'plain.yaml', 'report.html')], /report\.html: cannot write --html report: a part of the path is a file, not a directory\n$/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      file('plain.yaml', SCENARIO());
      const r = await otalab(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(ONE_LINE);
      expect(r.err).toMatch(message);
      expect(r.out).toBe(''); // nothing ran
    });
  }

  it('a 5 MB binary file as scenario or config: one line, in well under a second', async () => {
    const bin = file('firmware.uf2', randomBytes(5 * 1024 * 1024));
    // `check scenario` judges files: an unusable one is an invalid scenario (1); elsewhere a usage error (2).
    for (const [code, args] of [[2, ['sim', 'run', bin]], [2, ['check', 'config', bin]], [1, ['check', 'scenario', bin]]] as const) {
      const r = await otalab(...args);
      expect(r.code).toBe(code);
      expect(`${r.err}${r.out}`).toMatch(/firmware\.uf2: (binary data \(a NUL byte at offset \d+\)|not UTF-8 text), not a (scenario|device config)( text)? file\n$/);
      expect(r.ms).toBeLessThan(1000);
    }
  });

  it('a 5 MB YAML file: refused unread, one line; a 60 KB one with 4,000 mistakes lists 20 of them, quickly', async () => {
    const huge = file('huge.yaml', 'description: x\n' + 'k: v\n'.repeat(1_100_000));
    const r = await otalab('sim', 'run', huge);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^otalab: \S+huge\.yaml: 5\.\d MB is too large for a scenario \(at most 64 KB; generate large file contents with \{random: N\}\)\n$/);
    expect(r.ms).toBeLessThan(500);
    const many = file('many.yaml', 'description: x\n' + Array.from({ length: 4000 }, (_, i) => `junk${i}: ${i}\n`).join(''));
    const c = await otalab('check', 'scenario', many);
    expect(c.code).toBe(1);
    const listed = c.out.split('\n').filter((l) => l.startsWith('  '));
    expect(listed).toHaveLength(21);
    expect(listed.at(-1)).toMatch(/… and \d+ more/);
    expect(c.ms).toBeLessThan(5000);
  });
});

describe('check config: a misspelt key', () => {
  it('is an error (exit 1) naming the key and the fix; --allow-unknown makes it a warning', async () => {
    const cfg = file('ota_config.json', JSON.stringify({ owner: 'acme', repo: 'app', chunck: 4096 }));
    const strict = await otalab('check', 'config', cfg);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/unknown key "chunck" \(did you mean "chunk"\?\): the board would ignore it; rename it, or pass --allow-unknown/);
    const lenient = await otalab('check', 'config', cfg, '--allow-unknown');
    expect(lenient.code).toBe(0);
    expect(lenient.out).toMatch(/^warning: unknown key "chunck" is ignored \(did you mean "chunk"\?\)\nok /);
  });
});

describe('--version and --help', () => {
  it('--version prints the package version', async () => {
    const r = await otalab('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(packageJson.version);
  });

  it('every command\'s help lists every target and every default', () => {
    const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
    const commands = all(buildProgram(() => {})).filter((c) => c.commands.length === 0);
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const c of commands) {
      const help = c.helpInformation().replace(/\s+/g, ' ');
      for (const o of c.options) {
        if (o.long === '--target') expect(help).toMatch(/choices: "ts", "micropython"/);
        if (o.defaultValue !== undefined && !(Array.isArray(o.defaultValue) && o.defaultValue.length === 0) && !o.negate) {
          expect(help, `${c.name()} ${o.long}`).toContain(`default: ${JSON.stringify(o.defaultValue)}`);
        }
      }
    }
  });
});

describe('sim run --ops', () => {
  it('prints every flash operation with its index, kind, boot, phase and path', async () => {
    const r = await otalab('sim', 'run', file('plain5.yaml', SCENARIO()), '--ops');
    expect(r.code).toBe(0);
    const count = Number(/(\d+) flash ops,/.exec(r.out)?.[1]);
    const rows = r.out.split('\n').filter((l) => /^\s*\d+\s+(open-write|write|close|rename|remove|mkdir|rmdir)\s/.test(l));
    expect(rows).toHaveLength(count);
    expect(r.out).toMatch(/^\s*op\s+kind\s+boot\s+phase\s+path$/m);
    expect(rows.some((l) => /\bupdate\s+\S*main\.py/.test(l))).toBe(true);
    expect(rows.every((l) => /\s(recovery|update|app)\s/.test(l))).toBe(true);
  });
});

mkdirSync(join(dir, 'sub'), { recursive: true });
