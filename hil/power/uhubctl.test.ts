// A fake `uhubctl` first on PATH: a shell script that logs its arguments, prints what the real
// tool prints (status before and after) and fails on demand, so the driver's exact command line,
// its error handling and its verification are tested without a hub.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardSpec } from '../rig/types.ts';
import { powerDriverFor } from './driver-for.ts';
import { PowerGroups } from './groups.ts';
import { PowerError } from './types.ts';

const FAKE = `#!/bin/sh
echo "$@" >> "$FAKE_UHUBCTL_LOG"
if [ -n "$FAKE_UHUBCTL_FAIL" ]; then echo "$FAKE_UHUBCTL_FAIL" >&2; exit 1; fi
if [ -n "$FAKE_UHUBCTL_SILENT" ]; then echo "No compatible devices detected at location $2!"; exit 0; fi
while [ $# -gt 0 ]; do
  case "$1" in -l) hub=$2; shift;; -p) port=$2; shift;; -a) action=$2; shift;; esac
  shift
done
mode=\${FAKE_UHUBCTL_MODE:-ppps}
echo "Current status for hub $hub [2109:3431 USB2.0 Hub, USB 2.10, 4 ports, $mode]"
echo "  Port $port: 0503 power highspeed enable connect [2e8a:0005 MicroPython Board in FS mode]"
echo "Sent power $action request"
echo "New status for hub $hub [2109:3431 USB2.0 Hub, USB 2.10, 4 ports, $mode]"
if [ "$action" = off ]; then echo "  Port $port: 0000 off"; else echo "  Port $port: 0100 power"; fi
`;

let dir: string;
let log: string;
const board = (power: Partial<Extract<BoardSpec['power'], { driver: 'uhubctl' }>> = {}): BoardSpec => ({
  id: 'pico1',
  serial: 'E6614104033F2A28',
  power: { driver: 'uhubctl', hub: '1-1.4', port: 3, group: 'hub1', ...power },
});
const env = (extra: Record<string, string> = {}) => ({ ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_UHUBCTL_LOG: log, ...extra });
const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'otalab-uhubctl-'));
  writeFileSync(join(dir, 'uhubctl'), FAKE);
  chmodSync(join(dir, 'uhubctl'), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
/** A new, empty argument log for the next test. */
function fresh(): void {
  log = join(dir, `log-${++runs}`);
}

async function rejection(p: Promise<unknown>): Promise<PowerError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PowerError);
  return err as PowerError;
}

describe('uhubctl power driver', () => {
  it('runs uhubctl -l HUB -p PORT -r 100 -a off|on and records a verified cut', async () => {
    fresh();
    let polled = 0;
    const driver = powerDriverFor(board(), { env: env(), vanished: async () => (++polled, true) });
    expect(driver.method).toBe('uhubctl -l 1-1.4 -p 3');
    const off = await driver.off();
    const on = await driver.on();
    expect(calls()).toEqual(['-l 1-1.4 -p 3 -r 100 -a off', '-l 1-1.4 -p 3 -r 100 -a on']);
    expect(polled).toBe(1);
    expect(off).toMatchObject({ method: 'uhubctl -l 1-1.4 -p 3', action: 'off', verified: true });
    expect(off.detail).toMatch(/board gone; port off$/);
    expect(on).toMatchObject({ action: 'on', verified: true });
    expect(on.detail).toMatch(/port power$/);
    expect(new Date(off.startedAt).toISOString()).toBe(off.startedAt);
    expect(off.latencyMs).toBeGreaterThan(0);
  });

  it('passes the rig file\'s repeat', async () => {
    fresh();
    await powerDriverFor(board({ repeat: 7 }), { env: env(), vanished: async () => true }).off();
    expect(calls()).toEqual(['-l 1-1.4 -p 3 -r 7 -a off']);
  });

  it('an off the board survives is an error naming the hub', async () => {
    fresh();
    const err = await rejection(powerDriverFor(board(), { env: env(), vanished: async () => false }).off());
    expect(err.driver).toBe('uhubctl');
    expect(err.message).toContain('uhubctl switched hub 1-1.4 port 3 off (port now "off") but the board is still there: this hub may not really cut VBUS');
    expect(err.next).toMatch(/hub that switches power per port/);
  });

  it('says so when uhubctl reports the hub as ganged', async () => {
    fresh();
    const err = await rejection(powerDriverFor(board(), { env: env({ FAKE_UHUBCTL_MODE: 'ganged' }), vanished: async () => false }).off());
    expect(err.message).toContain('may not really cut VBUS (uhubctl reports it as ganged)');
  });

  it('no status for the port (wrong location) is told apart from a hub that does not cut', async () => {
    fresh();
    const err = await rejection(powerDriverFor(board(), { env: env({ FAKE_UHUBCTL_SILENT: '1' }), vanished: async () => false }).off());
    expect(err.message).toContain('uhubctl reported no status for hub 1-1.4 port 3 and the board is still there (uhubctl said: No compatible devices detected at location 1-1.4!)');
    expect(err.message).not.toContain('VBUS');
  });

  it('a failing uhubctl is an error with what it said, and never asks whether the board vanished', async () => {
    fresh();
    let polled = false;
    const deps = { env: env({ FAKE_UHUBCTL_FAIL: 'Permission denied. Try running as root!' }), vanished: async () => (polled = true) };
    const err = await rejection(powerDriverFor(board(), deps).off());
    expect(err.message).toContain('uhubctl -l 1-1.4 -p 3 -r 100 -a off failed (exit 1): Permission denied. Try running as root!');
    expect(err.next).toMatch(/udev rule/);
    expect(polled).toBe(false);
  });

  it('uhubctl missing from PATH says how to install it', async () => {
    const err = await rejection(powerDriverFor(board(), { env: { PATH: join(dir, 'empty') }, vanished: async () => true }).off());
    expect(err.message).toMatch(/cannot run uhubctl \(ENOENT\)/);
    expect(err.next).toMatch(/apt install uhubctl/);
  });

  it('refuses to be built without a way to verify', () => {
    expect(() => powerDriverFor(board(), { env: env() })).toThrow(/no way to see the board vanish/);
  });

  it('refuses to cut a group another running board holds, before touching the hub', async () => {
    fresh();
    const groups = new PowerGroups();
    const lease = groups.acquire('hub1', 'pico2');
    const driver = powerDriverFor(board(), { env: env(), vanished: async () => true, groups });
    const err = await rejection(driver.off());
    expect(err.message).toContain('refusing to cut power group "hub1": running board pico2 shares it');
    expect(calls()).toEqual([]);
    lease.release();
    await driver.off();
    expect(calls()).toEqual(['-l 1-1.4 -p 3 -r 100 -a off']);
  });
});
