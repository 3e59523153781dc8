// Every replay or rerun line the lab prints carries every option needed to reproduce its run:
// each printed command is parsed and run through the CLI entry, and must fail the same way.
// Runs have no random choice, so run and sweep lines carry no --seed; fuzz lines carry the seed
// and path that draw their schedule.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { otalab } from './otalab-cli.ts';
import { specOf } from '../cli/target-options.ts';
import { diffReplayCommand, withUpdaterFiles } from '../scenarios/lab/diff.ts';
import { micropythonTarget } from '../scenarios/targets/micropython.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';
import { replayCommand, targetFlags } from '../scenarios/lab/replay.ts';

const FIXTURE = 'test/fixtures/fails-everywhere/fails-everywhere.yaml';


afterEach(() => vi.restoreAllMocks());

/** The arguments of every `npx otalab …` line labelled replay or rerun (paths here have no spaces). */
const printed = (out: string) => [...out.matchAll(/(?:replay|rerun): npx otalab (.+)$/gm)].map((m) => m[1]!.split(' '));
const verdicts = (out: string) => out.split('\n').filter((l) => /^(faults:|VIOLATION)/.test(l));

describe('printed commands reproduce their run', () => {
  it('suite: the failing clean run replays with its flash profile', async () => {
    const suite = await otalab('suite', '--dir', 'test/fixtures/fails-everywhere', '--no-sweep', '--flash', 'fat');
    expect(suite.code).toBe(1);
    const lines = printed(suite.out);
    expect(lines.map((l) => l.join(' '))).toEqual([`sim run ${FIXTURE} --flash fat`]);
    const again = await otalab(...lines[0]!);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/^VIOLATION expectation: expected version v1/m);
  });

  it('sweep: every printed point replays that very point on the same flash', async () => {
    const sweep = await otalab('sim', 'sweep', FIXTURE, '--flash', 'fat');
    expect(sweep.code).toBe(1);
    const lines = printed(sweep.out);
    expect(lines.length).toBe(21); // the clean run and the first 20 points in detail
    for (const args of lines) {
      expect(args.join(' ')).not.toContain('--seed');
      expect(args.slice(-2)).toEqual(['--flash', 'fat']);
      const again = await otalab(...args);
      expect(again.code, args.join(' ')).toBe(1);
      const op = args.indexOf('--op');
      if (op > 0) expect(again.out).toContain(`faults: {"kind":"power-cut","op":${args[op + 1]},"mode":"${args[op + 3]}"}`);
      expect(again.out).toMatch(/^VIOLATION expectation/m);
    }
    // The FAT-only points (torn where littlefs is atomic) are among them.
    expect(lines.some((a) => a.includes('torn'))).toBe(true);
  });

  it('fuzz: a clean run that fails is the failure, replayed as a run (it needs no schedule)', async () => {
    const first = await otalab('sim', 'fuzz', FIXTURE, '--runs', '3', '--seed', '42', '--flash', 'fat');
    expect(first.code).toBe(1);
    expect(first.out).toContain('the clean run fails');
    const [replay] = printed(first.out);
    expect(replay!.join(' ')).toBe(`sim run ${FIXTURE} --flash fat`);
    const again = await otalab(...replay!);
    expect(again.code).toBe(1);
    expect(verdicts(again.out).filter((l) => l.startsWith('VIOLATION'))).toEqual(verdicts(first.out).filter((l) => l.startsWith('VIOLATION')));
  });

  it('fuzz: a passing run prints a rerun line that runs the same schedules', async () => {
    const pass = await otalab('sim', 'fuzz', 'scenarios/library/rate-limited.yaml', '--runs', '2', '--seed', '7', '--flash', 'fat');
    expect(pass.code).toBe(0);
    const [rerun] = printed(pass.out);
    expect(rerun!.join(' ')).toBe('sim fuzz scenarios/library/rate-limited.yaml --seed 7 --runs 2 --flash fat');
    const again = await otalab(...rerun!);
    const gist = (out: string) => out.replace(/; [\d.]+ s\)/, ')');
    expect(gist(again.out)).toBe(gist(pass.out));
  });
});

describe('replay flags are the target spec, both ways', () => {
  it('every spec option renders to flags that parse back to the same spec', () => {
    const specs = [
      { name: 'ts', flash: 'littlefs' as const },
      { name: 'ts', flash: 'fat' as const, updaterFiles: true },
      { name: 'micropython', flash: 'fat' as const, updater: 'my updater/dir' },
    ];
    for (const spec of specs) {
      const argv = targetFlags(spec).trim();
      const words = [...argv.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      const opts: Record<string, string | boolean> = { flash: 'littlefs' };
      for (let i = 0; i < words.length; i++) {
        const key = words[i]!.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
        if (key === 'updaterFiles') opts[key] = true;
        else opts[key] = words[++i]!;
      }
      expect(specOf(opts as never)).toEqual(spec);
    }
  });

  it('every target states its options: the micropython target on FAT replays on FAT', () => {
    // Before: only the ts target knew its replay flags; a micropython failure replayed on littlefs.
    expect(replayCommand({ kind: 'run', file: 'a.yaml', spec: micropythonTarget({ flash: 'fat' }).spec })).toBe('npx otalab sim run a.yaml --target micropython --flash fat');
    expect(replayCommand({ kind: 'run', file: 'a.yaml', spec: withUpdaterFiles(tsTarget({ flash: 'fat' })).spec })).toBe('npx otalab sim run a.yaml --flash fat --updater-files');
  });

  it('run and sweep lines carry no seed; diff lines carry the micropython side\'s options', () => {
    const spec = { name: 'micropython', flash: 'fat' as const, updater: 'dev' };
    expect(replayCommand({ kind: 'run', file: 'a.yaml', spec })).toBe('npx otalab sim run a.yaml --target micropython --flash fat --updater dev');
    expect(replayCommand({ kind: 'sweep', file: 'a.yaml', op: 3, mode: 'torn', spec })).toBe('npx otalab sim sweep a.yaml --op 3 --mode torn --target micropython --flash fat --updater dev');
    expect(diffReplayCommand('a.yaml', 4, '2:1', 20, spec)).toBe('npx otalab sim diff a.yaml --seed 4 --path 2:1 --runs 20 --flash fat --updater dev');
    expect(diffReplayCommand('a.yaml', null, '', 20, spec)).toBe('npx otalab sim diff a.yaml --runs 20 --flash fat --updater dev');
  });
});
