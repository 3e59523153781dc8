/** The power driver a rig file's board names, and a power cycle built from off and on. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BoardSpec } from '../rig/types.ts';
import { commandDriver } from './command.ts';
import { manualDriver } from './manual.ts';
import type { CutRecord, PowerDeps, PowerDriver } from './types.ts';
import { uhubctlDriver } from './uhubctl.ts';
import { virtualDriver } from './virtual.ts';

export function powerDriverFor(board: BoardSpec, deps: PowerDeps = {}): PowerDriver {
  const spec = board.power;
  switch (spec.driver) {
    case 'uhubctl':
      return uhubctlDriver(board, spec, deps);
    case 'command':
      return commandDriver(board, spec, deps);
    case 'manual':
      return manualDriver(board, deps);
    case 'virtual':
      return virtualDriver(board, deps);
  }
}

/** labgrid cycles with 2 s off: long enough for the board's capacitors to drain. */
export const CYCLE_OFF_MS = 2000;

/** Off, wait `offMs`, on: both records. */
export async function powerCycle(driver: PowerDriver, offMs = CYCLE_OFF_MS): Promise<CutRecord[]> {
  const off = await driver.off();
  await sleep(offMs);
  return [off, await driver.on()];
}
