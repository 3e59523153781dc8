/**
 * `otalab repro <dump-dir> --repo <git> --out scenario.yaml`: a field board's dump → a scenario
 * that replays it (scenarios/repro/, docs/repro.md). Exit 0: written, no findings; 1: written, with
 * findings (states the updater could never have produced); 2: nothing written (bad input).
 */
import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidScenarioError, REPRO_MAX_BYTES } from '../../scenarios/load/index.ts';
import { DumpError } from '../../scenarios/repro/dump-tree.ts';
import { RepoError } from '../../scenarios/repro/git-repo.ts';
import { repro } from '../../scenarios/repro/repro.ts';

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

export function registerRepro(program: Command, setCode: (c: number) => void): void {
  program
    .command('repro <dump-dir>')
    .description("write a scenario that starts a board in a dumped field state, with the real commits it names (exit 1 if the state is one the updater could not produce)")
    .requiredOption('--repo <path>', 'the Git repository the board follows: a work tree, a bare repository or a bundle')
    .requiredOption('--out <file>', 'the scenario YAML to write')
    .option('--latest <tag>', 'the tag whose release is "latest" (default: the tag on the newest commit)')
    .option('--max-commits <n>', 'first-parent history served besides the named commits and tips', '200')
    .action(async (dump: string, opts: { repo: string; out: string; latest?: string; maxCommits: string }) => {
      const maxCommits = Number(opts.maxCommits);
      if (!Number.isInteger(maxCommits) || maxCommits < 0) throw new Error(`--max-commits ${opts.maxCommits}: must be a whole number >= 0`);
      if (!existsSync(dirname(opts.out) || '.')) throw new Error(`--out ${opts.out}: directory ${dirname(opts.out)} does not exist; create it first`);
      let result;
      try {
        result = await repro({ dump, repo: opts.repo, out: opts.out, latest: opts.latest, maxCommits });
      } catch (e) {
        if (e instanceof DumpError || e instanceof RepoError) throw new Error(e.message);
        if (e instanceof InvalidScenarioError) throw new Error(`the scenario written for ${dump} does not load (a bug in otalab repro; please report it with the dump): ${e.message}`);
        throw e;
      }
      writeFileSync(opts.out, result.yaml);
      for (const f of result.findings) err(`finding: ${f}`);
      for (const n of result.faultNotes) out(`error record: ${n}`);
      if (result.tokenScrubbed) out('token: the config\'s token is replaced by a stand-in in the scenario');
      out(`wrote ${opts.out}: ${result.commits} commits, ${result.scenario.faults?.length ?? 0} faults, ${result.findings.length} findings; replay it with: npx otalab sim run ${opts.out}`);
      const size = Buffer.byteLength(result.yaml);
      if (size > REPRO_MAX_BYTES) err(`note: ${opts.out} is ${(size / 1024 / 1024).toFixed(1)} MiB, over the ${REPRO_MAX_BYTES / 1024 / 1024} MiB \`sim run\` loads for a repro (the served commits' files make most of it): serve fewer with --max-commits, or point --repo at a repository holding only what the board installs`);
      setCode(result.findings.length > 0 ? 1 : 0);
    });
}
