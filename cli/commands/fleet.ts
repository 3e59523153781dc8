/** `otalab fleet <scenario>`: a staged rollout on many virtual boards sharing one fake GitHub (docs/fleet.md). */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadFleetScenario } from '../../scenarios/lab/fleet/load-fleet.ts';
import { runFleet } from '../../scenarios/lab/fleet/run-fleet.ts';
import { fleetReport } from '../../scenarios/lab/fleet/fleet-report.ts';
import { FLEET_DEFAULTS } from '../../scenarios/lab/fleet/fleet-scenario.ts';
import { certified } from '../report/certified.ts';
import { fleetSummaryText } from '../report/fleet-summary.ts';
import { fleetJson } from '../report/fleet-json.ts';
import { fleetJunitXml } from '../report/fleet-junit.ts';
import { fleetHtml } from '../report/fleet-html.ts';
import { checkReportPath } from '../report-path.ts';
import { parseSeed } from '../seed.ts';

interface FleetFlags {
  devices?: string;
  nat?: string;
  hours?: string;
  seed?: string;
  json?: boolean;
  junit?: string;
  html?: string;
  progress: boolean;
}

function positiveInt(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isInteger(n) || n < 1 || n > max) throw new Error(`${flag} must be a whole number from 1 to ${max} (got ${JSON.stringify(text)})`);
  return n;
}

function hoursOf(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 8760) throw new Error(`--hours must be a number of hours above 0 and at most 8760 (got ${JSON.stringify(text)})`);
  return n;
}

export function registerFleet(program: Command, setCode: (c: number) => void): void {
  program
    .command('fleet')
    .description('run a staged rollout on many virtual boards sharing one fake GitHub behind NAT addresses (docs/fleet.md)')
    .argument('<scenario>', 'a fleet scenario file (YAML; e.g. scenarios/fleet/staged-rollout.yaml)')
    .option('--devices <n>', 'how many boards (default: the scenario\'s fleet.devices, else 1000)')
    .option('--nat <n>', 'public addresses the boards share round-robin; GitHub\'s anonymous limit is per address (default: fleet.nat, else 1)')
    .option('--hours <h>', 'virtual hours to run (default: fleet.hours, else 48)')
    .option('--seed <n>', 'picks board ids and first power-on times (default 1)')
    .option('--json', 'print one JSON object instead of the summary')
    .option('--junit <file>', 'also write JUnit XML (a testcase per goal)')
    .option('--html <file>', 'also write an HTML report with plots')
    .option('--no-progress', 'no progress lines on stderr')
    .action(async (file: string, opts: FleetFlags) => {
      const started = new Date();
      const devicesFlag = opts.devices === undefined ? undefined : positiveInt('--devices', opts.devices, 100_000);
      const natFlag = opts.nat === undefined ? undefined : positiveInt('--nat', opts.nat, 100_000);
      const hoursFlag = opts.hours === undefined ? undefined : hoursOf(opts.hours);
      const seed = opts.seed === undefined ? 1 : parseSeed(opts.seed);
      if (opts.junit) checkReportPath(opts.junit, '--junit');
      if (opts.html) checkReportPath(opts.html, '--html');
      const scenario = loadFleetScenario(file);
      const devices = devicesFlag ?? scenario.fleet?.devices ?? FLEET_DEFAULTS.devices;
      const nat = natFlag ?? scenario.fleet?.nat ?? FLEET_DEFAULTS.nat;
      const hours = hoursFlag ?? scenario.fleet?.hours ?? FLEET_DEFAULTS.hours;
      if (nat > devices) throw new Error(`--nat ${nat} is more addresses than boards (${devices}): give at most --nat ${devices}`);
      const t0 = Date.now();
      const run = await runFleet(scenario, {
        devices,
        nat,
        hours,
        seed,
        // Progress on stderr (stdout stays parseable): one line per virtual hour, at most every 2 s.
        onHour: opts.progress
          ? (() => {
              let last = 0;
              return (p: { hour: number; hours: number; checks: number; requests: number }) => {
                if (Date.now() - last < 2000 && p.hour < p.hours) return;
                last = Date.now();
                process.stderr.write(`fleet ${scenario.name}: hour ${p.hour}/${p.hours}, ${p.checks} checks, ${p.requests} requests (${Math.round((Date.now() - t0) / 1000)} s)\n`);
              };
            })()
          : undefined,
      });
      const report = fleetReport(run);
      const about = certified(started);
      process.stdout.write(opts.json ? fleetJson(report) + '\n' : fleetSummaryText(report));
      for (const [path, text] of [
        [opts.junit, () => fleetJunitXml(report, about)],
        [opts.html, () => fleetHtml(report, about)],
      ] as const) {
        if (!path) continue;
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text());
        if (!opts.json) process.stdout.write(`wrote ${path}\n`);
      }
      setCode(report.goals.every((g) => g.passed) ? 0 : 1);
    });
}
