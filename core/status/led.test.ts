import { describe, expect, it } from 'vitest';
import { DeviceStopped } from '../ports/system.ts';
import type { Ports } from '../ports/index.ts';
import { holdLed, showLed } from './led.ts';

function ports(set: (on: boolean) => void, logged: string[] = []): { ports: Ports; slept: number[] } {
  const slept: number[] = [];
  const p = {
    led: { set },
    clock: { now: () => 0, uptimeMs: () => 0, sleep: async (ms: number) => void slept.push(ms) },
    watchdog: { start: () => {}, feed: () => {} },
    log: { log: (_l: string, event: string) => void logged.push(event) },
  } as unknown as Ports;
  return { ports: p, slept };
}

describe('status LED', () => {
  it('draws success as three 100 ms blinks 100 ms apart', async () => {
    const writes: boolean[] = [];
    const { ports: p, slept } = ports((on) => void writes.push(on));
    await showLed(p, { status_led: true }, 'success');
    expect(writes).toEqual([true, false, true, false, true, false]);
    expect(slept).toEqual([100, 100, 100, 100, 100]);
  });

  it('leaves the LED alone unless status_led is true', async () => {
    const writes: boolean[] = [];
    const { ports: p } = ports((on) => void writes.push(on));
    await showLed(p, { status_led: false }, 'error');
    holdLed(p, { status_led: false }, true);
    expect(writes).toEqual([]);
  });

  it('never fails the update when the LED fails, but a power loss still stops the board', async () => {
    const logged: string[] = [];
    const { ports: broken } = ports(() => {
      throw new Error('CYW43 not ready');
    }, logged);
    await expect(showLed(broken, { status_led: true }, 'rollback')).resolves.toBeUndefined();
    expect(logged).toEqual(['led.failed']);
    const { ports: dead } = ports(() => {
      throw new DeviceStopped('power lost');
    });
    await expect(showLed(dead, { status_led: true }, 'checking')).rejects.toBeInstanceOf(DeviceStopped);
  });
});
