import { describe, expect, it } from 'vitest';
import type { BoardSpec } from '../rig/types.ts';
import { powerCycle, powerDriverFor } from './driver-for.ts';
import { groupOf, PowerGroups } from './groups.ts';
import { PowerError } from './types.ts';

describe('PowerGroups', () => {
  it('refuses a group another running board holds, until it is released', () => {
    const groups = new PowerGroups();
    const a = groups.acquire('hub1', 'pico1');
    expect(() => groups.acquire('hub1', 'pico2')).toThrow(PowerError);
    expect(() => groups.acquire('hub1', 'pico2')).toThrow('power group "hub1" is held by running board pico1');
    expect(groups.acquire('hub2', 'pico2').group).toBe('hub2');
    expect(groups.acquire('hub1', 'pico1').boardId).toBe('pico1');
    a.release();
    expect(groups.holderOf('hub1')).toBeUndefined();
    expect(groups.acquire('hub1', 'pico2').boardId).toBe('pico2');
  });

  it('a stale lease released late does not free another board\'s hold', () => {
    const groups = new PowerGroups();
    const a = groups.acquire('g', 'pico1');
    a.release();
    groups.acquire('g', 'pico2');
    a.release();
    expect(groups.holderOf('g')).toBe('pico2');
  });

  it('a board without a named group is alone in its own', () => {
    const named: BoardSpec = { id: 'p1', serial: 'S1', power: { driver: 'command', on: 'a', off: 'b', group: 'relay-bank' } };
    expect(groupOf(named)).toBe('relay-bank');
    expect(groupOf({ id: 'p2', serial: 'S2', power: { driver: 'manual' } })).toBe('board:p2');
  });
});

describe('virtual power driver', () => {
  it('switches the virtual board and cycles off then on', async () => {
    const calls: boolean[] = [];
    const driver = powerDriverFor({ id: 'virtual', power: { driver: 'virtual' } }, { virtualBoard: { power: async (on) => void calls.push(on) } });
    const records = await powerCycle(driver, 10);
    expect(calls).toEqual([false, true]);
    expect(records.map((r) => [r.method, r.action, r.verified])).toEqual([
      ['virtual', 'off', true],
      ['virtual', 'on', true],
    ]);
  });

  it('needs a virtual board, and reports its failures as power errors', async () => {
    expect(() => powerDriverFor({ id: 'virtual', power: { driver: 'virtual' } }, {})).toThrow(/no virtual board was given/);
    const driver = powerDriverFor({ id: 'virtual', power: { driver: 'virtual' } }, { virtualBoard: { power: async () => Promise.reject(new Error('child exited')) } });
    await expect(driver.off()).rejects.toThrow('the virtual board failed to power off: child exited');
  });
});
