/** `otalab suite`: every library scenario plus its crash sweep on one target. */
import type { Command } from 'commander';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadSuiteEntries } from '../library.ts';
import { targetFromSpec } from '../targets.ts';
import { addIgnoredSeed, addTargetOptions, specOf, type TargetFlags } from '../target-options.ts';
import { certified } from '../report/certified.ts';
import { runSuite } from '../../scenarios/lab/suite.ts';
import { progressBar } from '../report/progress.ts';
import { summaryText } from '../report/summary.ts';
import { junitXml } from '../report/junit.ts';
import { htmlReport } from '../report/html.ts';
import { suiteJson } from '../report/json.ts';
import { parseJobs } from '../seed.ts';
import { SweepPool } from '../../scenarios/lab/sweep-pool.ts';
import { checkReportPath } from '../report-path.ts';
import { onInterrupt } from '../interrupt.ts';
import { suggestion } from '../../scenarios/load/did-you-mean.ts';

export function registerSuite(program: Command, setCode: (c: number) => void): void {
  const suite = program
    .command('suite')
    .description('run every scenario and its crash-point sweep on the simulated Pico W')
    .option('--json', 'print one JSON object instead of the table')
    .option('--junit <file>', 'also write JUnit XML')
    .option('--html <file>', 'also write an HTML report')
    .option('--no-sweep', 'judge clean runs only')
    .option('--filter <text>', 'only scenarios whose name contains text')
    .option('--dir <dir>', 'scenario library', 'scenarios/library')
    .option('--jobs <n>', 'worker threads running scenarios side by side (a number, or auto = one per core)', '1');
  addIgnoredSeed(addTargetOptions(suite))
    .action(async (opts: TargetFlags & { json?: boolean; junit?: string; html?: string; sweep: boolean; filter?: string; dir: string; jobs?: string }) => {
      const started = new Date();
      const target = targetFromSpec(specOf(opts));
      // Checked before the run: minutes of sweeping must not end in "cannot write the report".
      if (opts.junit) checkReportPath(opts.junit, '--junit');
      if (opts.html) checkReportPath(opts.html, '--html');
      const library = await loadSuiteEntries(opts.dir, opts.filter);
      if (library.length === 0) {
        const names = (await loadSuiteEntries(opts.dir)).map((s) => ('scenario' in s && s.scenario ? s.scenario.name : s.file));
        throw new Error(`--filter "${opts.filter}" matches none of the ${names.length} scenarios in ${opts.dir}${suggestion(opts.filter ?? '', names)}`);
      }
      const jobs = parseJobs(opts.jobs);
      const tally = { passed: 0, failed: 0, 'fs-loss': 0, skipped: 0, error: 0 };
      onInterrupt(() => `interrupted after ${tally.passed + tally.failed + tally['fs-loss'] + tally.skipped} of ${library.length} scenarios: ${tally.passed} passed, ${tally.failed} failed, ${tally['fs-loss'] > 0 ? `${tally['fs-loss']} with FAT losses only, ` : ''}${tally.skipped} skipped`);
      const bar = progressBar(!opts.json, jobs === 1);
      const pool = opts.sweep && jobs > 1 ? new SweepPool(jobs) : undefined;
      let report;
      try {
        report = await runSuite(target, library, {
          sweep: opts.sweep,
          pool,
          onScenarioStart: (name, i, total) => bar.scenario(name, i, total),
          onPoint: (done, total) => bar.point(done, total),
          onScenarioEnd: (r) => {
            tally[r.status]++;
            bar.done(r);
          },
        });
      } finally {
        bar.stop();
        await pool?.close();
      }
      const about = certified(started);
      if (opts.json) {
        process.stdout.write(suiteJson(report) + '\n');
      } else {
        process.stdout.write(summaryText(report));
      }
      for (const [file, text] of [
        [opts.junit, opts.junit ? junitXml(report, about) : ''],
        [opts.html, opts.html ? htmlReport(report, about) : ''],
      ] as const) {
        if (!file) continue;
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        if (!opts.json) process.stdout.write(`wrote ${file}\n`);
      }
      const ran = report.totals.passed + report.totals.failed + report.totals.fsLoss;
      // A suite that ran nothing proved nothing: never a green exit.
      if (ran === 0) process.stderr.write(`otalab: no scenario ran: all ${report.totals.skipped} were skipped on target ${report.target} (see the reasons above)\n`);
      // FAT's own losses (fs-loss) are printed plainly in every format but fail nothing: no updater
      // can prevent them (docs/scenario-format.md, "Filesystem losses"). Updater failures exit 1.
      setCode(report.totals.failed > 0 || report.totals.violations > 0 || ran === 0 ? 1 : 0);
    });
}
