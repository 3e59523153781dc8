// `otalab fleet` end to end on a tiny fleet: exit codes, the summary, JSON, JUnit (a testcase per
// goal) and the HTML report's plots; bad flags and files fail in one line with exit 2.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';

async function otalab(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(['node', 'otalab', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'otalab-fleet-'));
const EXAMPLE = 'scenarios/fleet/staged-rollout.yaml';

describe('otalab fleet', () => {
  it('runs a tiny fleet: a summary with the hourly table, JSON, JUnit per goal and an HTML report with plots', async () => {
    const junit = join(dir, 'out', 'fleet.xml');
    const html = join(dir, 'out', 'fleet.html');
    const r = await otalab('fleet', EXAMPLE, '--devices', '4', '--nat', '4', '--hours', '3', '--junit', junit, '--html', html, '--no-progress');
    // Within 3 h v2.0 is still at 5 % and v3.1 unpublished: both convergence goals fail, exit 1.
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^otalab fleet staged-rollout: 4 boards behind 4 addresses \(60 API requests\/h for each address\), 3 h, seed 1 — FAILED \(2 of 4 goals\)/);
    expect(r.out).toMatch(/FAIL v2\.0 on 100 % of boards within 24 h of its release: not reached in the run: 0 % at the end/);
    expect(r.out).toMatch(/^\s+hour\s+checks\s+requests\s+200\s+304\s+403 rl\s+other\s+v1/m);
    expect(r.out).toMatch(/FAIL v3\.1 on 100 % of boards within 12 h of its release: v3\.1 was never published in these 3 h/);
    expect(r.out).toMatch(/ok {3}at most 0 rate-limit 403s: 0 rate-limit 403s/);
    expect(r.err).toBe('');
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toMatch(/<testsuites name="otalab fleet" tests="4" failures="2"/);
    expect(xml).toMatch(/<testcase name="at most 0 rate-limit 403s" classname="otalab.fleet.staged-rollout" time="0"><system-out>/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<svg class="plot versions"/);
    expect(page).toMatch(/<svg class="plot requests"/);
    expect(page).not.toMatch(/<script|https?:\/\/(?!docs)/);
    const json = await otalab('fleet', EXAMPLE, '--devices', '4', '--nat', '4', '--hours', '3', '--json');
    const parsed = JSON.parse(json.out) as { format: number; devices: number; hoursTable: { checks: number }[]; totals: { checks: number } };
    expect(parsed).toMatchObject({ format: 1, devices: 4 });
    expect(parsed.hoursTable).toHaveLength(3);
    expect(parsed.hoursTable.reduce((s, h) => s + h.checks, 0)).toBe(parsed.totals.checks);
    // Progress goes to stderr, stdout stays one JSON line.
    expect(json.err).toMatch(/^fleet staged-rollout: hour 3\/3, \d+ checks, \d+ requests/m);
  });

  it.each([
    [['--devices', '0'], /^otalab: --devices must be a whole number from 1 to 100000 \(got "0"\)\n$/],
    [['--devices', '2.5'], /--devices must be a whole number/],
    [['--hours', 'soon'], /^otalab: --hours must be a number of hours above 0 and at most 8760 \(got "soon"\)\n$/],
    [['--seed', '-1'], /--seed must be an integer/],
    [['--devices', '3', '--nat', '5'], /^otalab: --nat 5 is more addresses than boards \(3\): give at most --nat 3\n$/],
  ])('refuses %j with exit 2 and one line', async (flags, message) => {
    const r = await otalab('fleet', EXAMPLE, ...flags);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('refuses a missing or broken scenario file before running, and writes no report', async () => {
    const html = join(dir, 'never.html');
    const missing = await otalab('fleet', join(dir, 'nope.yaml'), '--html', html);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.yaml: no such file/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('release: v3.1, publish', 'release: v3.2, publish'));
    const broken = await otalab('fleet', bad, '--html', html);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/bad\.yaml:\d+:\d+: timeline\[4\]\.release: no release "v3\.2" in otalab\/demo-app .*did you mean "v3\.\d"\?/);
    expect(existsSync(html)).toBe(false);
  });
});
