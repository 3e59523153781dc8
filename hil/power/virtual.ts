/** The virtual board's own power switch: exact and instant, so the same runner code is exercised without hardware. */
import type { BoardSpec } from '../rig/types.ts';
import { timedSwitch } from './record.ts';
import { PowerError, type PowerDeps, type PowerDriver } from './types.ts';

export function virtualDriver(board: BoardSpec, deps: PowerDeps): PowerDriver {
  const vb = deps.virtualBoard;
  if (vb === undefined) throw new PowerError('virtual', board.id, 'no virtual board was given', 'start one (hil/virtual) and pass it as virtualBoard');
  async function power(on: boolean): Promise<void> {
    try {
      await vb!.power(on);
    } catch (err) {
      throw new PowerError('virtual', board.id, `the virtual board failed to power ${on ? 'on' : 'off'}: ${(err as Error).message}`, 'see the virtual board log');
    }
  }
  return {
    method: 'virtual',
    off: () =>
      timedSwitch('virtual', 'off', async () => {
        await power(false);
        if (deps.vanished === undefined) return { verified: true, detail: 'virtual board powered off' };
        if (!(await deps.vanished())) throw new PowerError('virtual', board.id, 'the virtual board was powered off but its port is still there', 'this is a bug in hil/virtual');
        return { verified: true, detail: 'virtual board powered off, port gone' };
      }),
    on: () =>
      timedSwitch('virtual', 'on', async () => {
        await power(true);
        return { verified: true, detail: 'virtual board powered on' };
      }),
  };
}
