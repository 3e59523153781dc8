/**
 * `otalab hil suite --rig <file|virtual>`: the scenario library on the rig's boards (each a
 * `board:<id>` target), sweeps sampled (`--sample N` points per scenario: a board takes seconds a
 * run), the same one-line JSON as `otalab suite --json`, and a certification report (JUnit: one
 * testcase per scenario × cut; HTML: a timeline per run). `--against micropython` also runs the
 * micropython target on the same points and fails on any verdict that differs.
 */
import { Option, type Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadSuiteEntries } from '../library.ts';
import { checkReportPath } from '../report-path.ts';
import { certified } from '../report/certified.ts';
import { suiteJson } from '../report/json.ts';
import { summaryText } from '../report/summary.ts';
import { progressBar } from '../report/progress.ts';
import { onInterrupt } from '../interrupt.ts';
import { runSuite, type SuiteEntry, type SuiteReport } from '../../scenarios/lab/suite.ts';
import { compareVerdicts } from '../../scenarios/lab/compare.ts';
import { targetFromSpec } from '../../scenarios/targets/index.ts';
import type { Target } from '../../scenarios/target.ts';
import { openRig } from '../../hil/target/rig-target.ts';
import type { RunRecord } from '../../hil/target/board-target.ts';
import { certify, type Certification } from '../../hil/report/certification.ts';
import { certificationJunit } from '../../hil/report/junit.ts';
import { certificationHtml } from '../../hil/report/html.ts';

interface HilSuiteFlags {
  rig: string;
  board?: string;
  json?: boolean;
  junit?: string;
  html?: string;
  sweep: boolean;
  sample: string;
  filter?: string;
  only?: string;
  dir: string;
  against?: string;
}

function parseSample(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--sample must be a whole number of fault points per scenario (0 or more), got "${text}"`);
  return n;
}

/** `--only a,b`: exactly these scenarios, each of which must exist. */
function pick(entries: SuiteEntry[], only: string | undefined, dir: string): SuiteEntry[] {
  if (only === undefined) return entries;
  const names = only.split(',').map((s) => s.trim()).filter(Boolean);
  const nameOf = (e: SuiteEntry) => ('scenario' in e ? e.scenario.name : e.file);
  const missing = names.filter((n) => !entries.some((e) => nameOf(e) === n));
  if (missing.length > 0) throw new Error(`--only names scenarios that are not in ${dir}: ${missing.join(', ')}`);
  return names.map((n) => entries.find((e) => nameOf(e) === n)!);
}

/** The reference runs what a board can: cuts before or after an op, on littlefs. */
const resetOnly = (t: Target): Target => ({ ...t, name: t.name, cannot: t.cannot, run: t.run, cannotRun: t.cannotRun, cutModes: ['before', 'after'] });

export function registerHilSuite(hil: Command, setCode: (c: number) => void): void {
  hil
    .command('suite')
    .description('run the scenario library on the boards of a rig (or the virtual board): the same oracle, sampled sweeps, a certification report')
    .requiredOption('--rig <file>', 'rig file (YAML; docs/hil.md), or "virtual" for the virtual Pico W (no hardware)')
    .option('--board <id>', 'only this board of the rig')
    .option('--json', 'print the one-line JSON of `otalab suite --json` (target board:<id>) per board')
    .option('--junit <file>', 'write the certification JUnit (a testcase per scenario × cut)')
    .option('--html <file>', 'write the certification HTML (a timeline per run)')
    .option('--no-sweep', 'clean runs only')
    .option('--sample <n>', 'fault points swept per scenario, spread evenly over its flash operations', '2')
    .option('--filter <text>', 'only scenarios whose name contains text')
    .option('--only <names>', 'only these scenarios (comma-separated names), in this order')
    .option('--dir <dir>', 'scenario library', 'scenarios/library')
    .addOption(new Option('--against <target>', 'also run this simulated target on the same points and fail on any verdict that differs').choices(['micropython']))
    .action(async (opts: HilSuiteFlags) => {
      const started = new Date();
      const sample = parseSample(opts.sample);
      if (opts.junit) checkReportPath(opts.junit, '--junit');
      if (opts.html) checkReportPath(opts.html, '--html');
      const library = pick(await loadSuiteEntries(opts.dir, opts.filter), opts.only, opts.dir);
      if (library.length === 0) throw new Error(`--filter "${opts.filter}" matches no scenario in ${opts.dir}`);
      const records: RunRecord[] = [];
      const rig = await openRig(opts.rig, { ...(opts.board !== undefined ? { board: opts.board } : {}), onRun: (r) => records.push(r) });
      const certs: Certification[] = [];
      const reports: SuiteReport[] = [];
      let code = 0;
      try {
        for (const board of rig.boards) {
          const bar = progressBar(!opts.json, true);
          const tally = { done: 0 };
          onInterrupt(() => `interrupted on board ${board.id} after ${tally.done} of ${library.length} scenarios`);
          const first = records.length;
          let report: SuiteReport;
          try {
            report = await runSuite(board.target, library, {
              sweep: opts.sweep,
              sample,
              onScenarioStart: (name, i, total) => bar.scenario(name, i, total),
              onPoint: (done, total) => bar.point(done, total),
              onScenarioEnd: (r) => {
                tally.done++;
                bar.done(r);
              },
            });
          } finally {
            bar.stop();
          }
          reports.push(report);
          certs.push(certify({ id: board.id, facts: board.facts() }, report, records.slice(first), certified(started)));
          process.stdout.write(opts.json ? suiteJson(report) + '\n' : summaryText(report));
          const t = report.totals;
          if (t.failed > 0 || t.violations > 0 || t.error > 0 || t.passed + t.failed + t.fsLoss === 0) code = 1;
          if (t.error > 0) process.stderr.write(`otalab: board ${board.id}: ${t.error} scenario${t.error === 1 ? '' : 's'} ended in rig errors (no verdict): fix the rig and run again (docs/hil.md, "Verdicts")\n`);
          if (opts.against) {
            const reference = await runSuite(resetOnly(targetFromSpec({ name: opts.against, flash: 'littlefs' })), library, { sweep: opts.sweep, sample });
            const { compared, differences } = compareVerdicts(report, reference);
            for (const d of differences) process.stderr.write(`DIFFERS ${d.scenario}: ${d.what}\n`);
            process.stderr.write(`against ${opts.against}: ${compared.length} scenarios compared, ${differences.length} difference${differences.length === 1 ? '' : 's'}\n`);
            if (differences.length > 0 || compared.length === 0) code = 1;
          }
        }
      } finally {
        await rig.close();
      }
      for (const [file, text] of [
        [opts.junit, opts.junit ? certificationJunit(certs) : ''],
        [opts.html, opts.html ? certificationHtml(certs) : ''],
      ] as const) {
        if (!file) continue;
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        if (!opts.json) process.stdout.write(`wrote ${file}\n`);
      }
      setCode(code);
    });
}
