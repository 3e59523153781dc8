/** `otalab suite`: every library scenario plus its crash sweep on one target. */
import type { Command } from 'commander';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadLibrary } from '../library.ts';
import { targetByName } from '../targets.ts';
import { runSuite } from '../../scenarios/lab/suite.ts';
import { progressBar } from '../report/progress.ts';
import { summaryText } from '../report/summary.ts';
import { junitXml } from '../report/junit.ts';
import { htmlReport } from '../report/html.ts';
import { parseJobs, parseSeed } from '../seed.ts';
import { SweepPool } from '../../scenarios/lab/sweep-pool.ts';
import { flashOption, seedOption, targetOption } from '../options.ts';
import { checkReportPath } from '../report-path.ts';
import { onInterrupt } from '../interrupt.ts';
import { suggestion } from '../../scenarios/load/did-you-mean.ts';

export function registerSuite(program: Command, setCode: (c: number) => void): void {
  program
    .command('suite')
    .description('run every scenario and its crash-point sweep on the simulated Pico W')
    .addOption(targetOption())
    .option('--json', 'print one JSON object instead of the table')
    .option('--junit <file>', 'also write JUnit XML')
    .option('--html <file>', 'also write an HTML report')
    .addOption(seedOption())
    .option('--no-sweep', 'judge clean runs only')
    .option('--filter <text>', 'only scenarios whose name contains text')
    .option('--dir <dir>', 'scenario library', 'scenarios/library')
    .addOption(flashOption())
    .option('--jobs <n>', 'worker threads running scenarios side by side (a number, or auto = one per core)', '1')
    .action(async (opts: { target: string; json?: boolean; junit?: string; html?: string; seed: string; sweep: boolean; filter?: string; dir: string; jobs?: string; flash: string }) => {
      const seed = parseSeed(opts.seed);
      if (opts.flash !== 'littlefs' && opts.flash !== 'fat') throw new Error(`--flash must be littlefs or fat, got "${opts.flash}"`);
      const target = targetByName(opts.target, { flash: opts.flash });
      // Checked before the run: minutes of sweeping must not end in "cannot write the report".
      if (opts.junit) checkReportPath(opts.junit, '--junit');
      if (opts.html) checkReportPath(opts.html, '--html');
      const all = await loadLibrary(opts.dir);
      const library = all.filter((s) => !opts.filter || s.scenario.name.includes(opts.filter));
      if (library.length === 0) {
        const names = all.map((s) => s.scenario.name);
        throw new Error(`--filter "${opts.filter}" matches none of the ${names.length} scenarios in ${opts.dir}${suggestion(opts.filter ?? '', names)}`);
      }
      const jobs = parseJobs(opts.jobs);
      const tally = { passed: 0, failed: 0, skipped: 0 };
      onInterrupt(() => `interrupted after ${tally.passed + tally.failed + tally.skipped} of ${library.length} scenarios: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
      const bar = progressBar(!opts.json, jobs === 1);
      const pool = opts.sweep && jobs > 1 ? new SweepPool(jobs) : undefined;
      let report;
      try {
        report = await runSuite(target, library, {
          seed,
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
      if (opts.json) {
        const t = report.totals;
        process.stdout.write(
          JSON.stringify({
            target: report.target,
            scenarios: { passed: t.passed, failed: t.failed, skipped: t.skipped },
            faultPoints: { explored: t.explored, violations: t.violations },
            seed: report.seed,
          }) + '\n',
        );
      } else {
        process.stdout.write(summaryText(report));
      }
      for (const [file, text] of [
        [opts.junit, opts.junit ? junitXml(report) : ''],
        [opts.html, opts.html ? htmlReport(report) : ''],
      ] as const) {
        if (!file) continue;
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        if (!opts.json) process.stdout.write(`wrote ${file}\n`);
      }
      const ran = report.totals.passed + report.totals.failed;
      // A suite that ran nothing proved nothing: never a green exit.
      if (ran === 0) process.stderr.write(`otalab: no scenario ran: all ${report.totals.skipped} were skipped on target ${report.target} (see the reasons above)\n`);
      setCode(report.totals.failed > 0 || report.totals.violations > 0 || ran === 0 ? 1 : 0);
    });
}
