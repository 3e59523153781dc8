// The fleet HTML report as a browser sees it (headless Chromium, installed by .ci/run): one area
// per version, one bar segment per non-zero status count, the budget line, the goals table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetReport } from '../../scenarios/lab/fleet/fleet-report.ts';
import { loadFleetScenario } from '../../scenarios/lab/fleet/load-fleet.ts';
import { runFleet } from '../../scenarios/lab/fleet/run-fleet.ts';
import { fleetHtml } from './fleet-html.ts';
import { versionsOf } from './fleet-summary.ts';

const CHROMIUM = ['chromium', 'chromium-browser'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);

describe('the fleet HTML report in headless Chromium', () => {
  it.skipIf(!CHROMIUM)(`draws every version's area and every hour's bars${CHROMIUM ? '' : ' (skipped: chromium is not installed; apt-get install -y chromium)'}`, async () => {
    const scenario = loadFleetScenario('scenarios/fleet/staged-rollout.yaml');
    // 5 boards polling every minute behind one address: 403s appear, so the red segments are drawn too.
    scenario.device.config.min_update_interval_sec = 60;
    const report = fleetReport(await runFleet(scenario, { devices: 5, nat: 1, hours: 4, seed: 1 }));
    expect(report.totals.rateLimited403).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'otalab-fleet-html-'));
    const file = join(dir, 'fleet.html');
    writeFileSync(file, fleetHtml(report));
    const run = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const dom = run.stdout;
    const versions = versionsOf(report);
    expect(dom.match(/<polygon class="version"/g)).toHaveLength(versions.length);
    for (const v of versions) expect(dom).toContain(`data-version="${v}"`);
    const segments = report.hoursTable.reduce((n, h) => n + [h.ok200, h.notModified304, h.rateLimited403, h.other].filter((x) => x > 0).length, 0);
    expect(dom.match(/<rect class="bar /g)).toHaveLength(segments);
    expect(dom.match(/<rect class="bar s403"/g)?.length).toBe(report.hoursTable.filter((h) => h.rateLimited403 > 0).length);
    expect(dom).toContain('<line class="budget"');
    expect(dom).toMatch(/<tr class="failed"><td><b class="bad">FAIL<\/b><\/td><td>at most 0 rate-limit 403s<\/td>/);
    expect(dom.indexOf('<table class="goals"')).toBeLessThan(dom.indexOf('<svg class="plot versions"'));
  });
});
