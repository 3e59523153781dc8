// `otalab hil`: bad input is one line and exit 2 before anything starts; on the virtual board
// (a real pty, the real serial stack) deploy installs and verifies device/, a second deploy
// changes nothing, dump reads back the same bytes, and `hil suite --json` prints the suite's
// one-line JSON for target board:virtual with certification JUnit and HTML beside it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otalab } from '../../test/otalab-cli.ts';
import { startVirtualBoard, type VirtualBoard } from '../../hil/virtual/index.ts';
import { firmwareFiles } from '../../sim/micropython/firmware.ts';

describe('otalab hil: bad input', () => {
  it('a missing rig file: one line naming it, exit 2', async () => {
    const r = await otalab('hil', 'suite', '--rig', 'no-such-rig.yaml');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('no-such-rig.yaml');
  });

  it('--only with an unknown scenario, --sample below 0, deploy without a board', async () => {
    const only = await otalab('hil', 'suite', '--rig', 'virtual', '--only', 'stable-latest-release,no-such-scenario');
    expect(only.code).toBe(2);
    expect(only.err).toContain('--only names scenarios that are not in scenarios/library: no-such-scenario');
    const sample = await otalab('hil', 'suite', '--rig', 'virtual', '--sample', '-1');
    expect(sample.code).toBe(2);
    expect(sample.err).toContain('--sample must be a whole number');
    const deploy = await otalab('hil', 'deploy');
    expect(deploy.code).toBe(2);
    expect(deploy.err).toContain('exactly one of --port');
  });
});

describe('otalab hil on the virtual board', () => {
  let board: VirtualBoard;
  beforeAll(async () => {
    board = await startVirtualBoard({ usbGoneMs: 200 });
    await board.whenUsbUp(20_000);
  }, 30_000);
  afterAll(async () => board?.close());

  it('deploy installs device/ verified, a second deploy skips every file, dump reads the same bytes back', async () => {
    const device = firmwareFiles();
    const first = await otalab('hil', 'deploy', '--port', board.portPath);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(`${device.size} written, 0 unchanged`);
    const again = await otalab('hil', 'deploy', '--port', board.portPath);
    expect(again.out).toContain(`0 written, ${device.size} unchanged`);
    const dir = mkdtempSync(join(tmpdir(), 'otalab-dump-'));
    const dumped = await otalab('hil', 'dump', '--port', board.portPath, '--out', dir);
    expect(dumped.code, dumped.err).toBe(0);
    for (const [p, bytes] of device) expect(new Uint8Array(readFileSync(join(dir, p))), p).toEqual(bytes);
    const flash = await board.files();
    expect([...flash.keys()].sort()).toEqual([...device.keys()].sort());
  }, 60_000);
});

describe('otalab hil suite --rig virtual', () => {
  it('prints the suite JSON for board:virtual and writes the certification', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otalab-hil-'));
    const r = await otalab('hil', 'suite', '--rig', 'virtual', '--only', 'stable-latest-release', '--sample', '1', '--json', '--junit', join(dir, 'hil.xml'), '--html', join(dir, 'hil.html'));
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out.trim());
    expect(json).toMatchObject({ target: 'board:virtual', flash: 'littlefs', scenarios: { passed: 1, failed: 0, fsLoss: 0, skipped: 0, error: 0 }, faultPoints: { explored: 1, violations: 0, fsLosses: 0 } });
    expect(json.maxFeedGapMs).toBeGreaterThan(0);
    const xml = readFileSync(join(dir, 'hil.xml'), 'utf8');
    expect(xml).toContain('<testcase name="stable-latest-release clean" classname="otalab.board.virtual"');
    expect(xml).toContain('<testcase name="stable-latest-release cut 0/before"');
    expect(xml).toMatch(/<property name="updater sha256" value="[0-9a-f]{64}"\/>/);
    expect(xml).toMatch(/<property name="micropython" value="[^"]+"\/>/);
    expect(readFileSync(join(dir, 'hil.html'), 'utf8')).toContain('<svg class="timeline"');
  }, 120_000);
});
