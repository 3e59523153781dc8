import { describe, expect, it } from 'vitest';
import { sampleSpec } from './github/test-fixture.ts';
import { SimBoard } from './board.ts';
import { DeviceReset, PowerLoss } from './power.ts';

describe('SimBoard resets, as the rp2 port has them', () => {
  it('machine.reset() reboots through the watchdog: the next boot reads a watchdog reset, with no watchdog running', async () => {
    const board = new SimBoard({ server: sampleSpec() });
    const ports = board.ports();
    ports.watchdog.start(2000);
    await expect(ports.system.reset('hard')).rejects.toBeInstanceOf(DeviceReset);
    board.powerOn('hard');
    expect(board.ports().system.resetCause()).toBe('watchdog');
    expect(board.watchdog.timeoutMs).toBeNull();
  });

  it('a soft reset keeps the watchdog counting: a boot that does not feed it in time is bitten', () => {
    const board = new SimBoard({ server: sampleSpec() });
    board.ports().watchdog.start(2000);
    board.clock.advance(1500);
    board.powerOn('soft');
    expect(board.resetCause).toBe('soft');
    expect(() => board.clock.advance(500)).toThrow(PowerLoss);
    expect(board.power.halted).toBe('watchdog');
  });

  it('power-on clears it', () => {
    const board = new SimBoard({ server: sampleSpec() });
    board.ports().watchdog.start(2000);
    board.power.halt('power-cut');
    board.powerOn('power-on');
    board.clock.advance(10_000);
    expect(board.power.halted).toBeNull();
    expect(board.watchdog.bites).toBe(0);
  });
});
