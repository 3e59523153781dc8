/** A person switches the power when asked. Never on CI: nobody is there to press Enter. */
import type { BoardSpec } from '../rig/types.ts';
import { groupOf } from './groups.ts';
import { timedSwitch } from './record.ts';
import { PowerError, type PowerDeps, type PowerDriver } from './types.ts';

/** A person gets this long to act before the run gives up. */
export const MANUAL_TIMEOUT_MS = 10 * 60_000;

/** `CI=true`, `CI=1`, … count; unset, empty, `false` and `0` do not. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

function waitForEnter(input: NodeJS.ReadableStream, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      resolve(ok);
    };
    const onData = (chunk: Buffer | string) => {
      if (String(chunk).includes('\n') || String(chunk).includes('\r')) done(true);
    };
    const onEnd = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}

export function manualDriver(board: BoardSpec, deps: PowerDeps): PowerDriver {
  const env = deps.env ?? process.env;
  const terminal = deps.terminal ?? { input: process.stdin, output: process.stdout };
  const timeoutMs = deps.timeoutMs ?? MANUAL_TIMEOUT_MS;

  async function ask(action: 'off' | 'on'): Promise<void> {
    if (isCI(env)) {
      throw new PowerError('manual', board.id, `manual power needs a person, and CI is set (CI=${env.CI})`, 'give this board a uhubctl or command power driver in the rig file, or skip power cuts on CI');
    }
    if (terminal.input.isTTY !== true) {
      throw new PowerError('manual', board.id, 'manual power asks on a terminal, and stdin is not one', 'run from an interactive terminal, or use a uhubctl or command power driver');
    }
    const what = action === 'off' ? 'Cut the power of' : 'Restore the power of';
    terminal.output.write(`${what} board ${board.id}${board.serial ? ` (serial ${board.serial})` : ''}, then press Enter: `);
    if (!(await waitForEnter(terminal.input, timeoutMs))) {
      throw new PowerError('manual', board.id, `nobody confirmed "${action}" within ${Math.round(timeoutMs / 1000)} s`, 'press Enter once the power is switched');
    }
  }

  return {
    method: 'manual',
    off: () =>
      timedSwitch('manual', 'off', async () => {
        deps.groups?.assertMayCut(groupOf(board), board.id, 'manual');
        await ask('off');
        if (deps.vanished === undefined) return { verified: false, detail: 'confirmed by a person' };
        if (!(await deps.vanished())) throw new PowerError('manual', board.id, 'power was reported cut but the board is still there', 'unplug the board (or its supply), not just the data cable');
        return { verified: true, detail: 'confirmed by a person, board gone' };
      }),
    on: () =>
      timedSwitch('manual', 'on', async () => {
        await ask('on');
        return { verified: false, detail: 'confirmed by a person' };
      }),
  };
}
