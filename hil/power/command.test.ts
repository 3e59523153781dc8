import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardSpec } from '../rig/types.ts';
import { powerDriverFor } from './driver-for.ts';
import { PowerError } from './types.ts';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'otalab-command-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const board = (on: string, off: string, timeoutMs?: number): BoardSpec => ({
  id: 'pico2',
  port: '/dev/ttyACM1',
  power: { driver: 'command', on, off, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
});

async function rejection(p: Promise<unknown>): Promise<PowerError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PowerError);
  return err as PowerError;
}

describe('command power driver', () => {
  it('runs the off and on commands through the shell with the given environment', async () => {
    const log = join(dir, 'relay.log');
    const driver = powerDriverFor(board('echo "on $RELAY" >> "$LOG"', 'echo "off $RELAY" >> "$LOG"'), { env: { ...process.env, LOG: log, RELAY: 'r1' } });
    const off = await driver.off();
    const on = await driver.on();
    expect(readFileSync(log, 'utf8')).toBe('off r1\non r1\n');
    expect(off).toMatchObject({ method: 'command', action: 'off', verified: false });
    expect(on).toMatchObject({ method: 'command', action: 'on' });
  });

  it('verifies an off when the caller can see the board vanish, and fails when it does not', async () => {
    expect((await powerDriverFor(board('true', 'true'), { vanished: async () => true }).off()).verified).toBe(true);
    const err = await rejection(powerDriverFor(board('true', 'true'), { vanished: async () => false }).off());
    expect(err.message).toMatch(/the off command succeeded but the board is still there/);
  });

  it('a non-zero exit is an error carrying stderr', async () => {
    const err = await rejection(powerDriverFor(board('true', 'echo "relay 1: device busy" >&2; exit 3')).off());
    expect(err.driver).toBe('command');
    expect(err.message).toContain('power (command) for board pico2: the off command failed (exit 3): relay 1: device busy');
    expect(err.next).toContain('echo "relay 1: device busy" >&2; exit 3');
  });

  it('a command that hangs is killed at its timeout, with whatever it started', async () => {
    const t0 = performance.now();
    const err = await rejection(powerDriverFor(board('sleep 20; true', 'true', 300)).on());
    expect(err.message).toContain('the on command did not finish within 300 ms (killed)');
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
