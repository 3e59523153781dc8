/** Any relay, GPIO or PDU: shell commands that switch the board's power, each with a timeout. */
import type { BoardSpec, PowerSpec } from '../rig/types.ts';
import { groupOf } from './groups.ts';
import { timedSwitch } from './record.ts';
import { runCommand, tail } from './run-command.ts';
import { PowerError, type PowerDeps, type PowerDriver } from './types.ts';

type CommandSpec = Extract<PowerSpec, { driver: 'command' }>;

export const COMMAND_TIMEOUT_MS = 10_000;

export function commandDriver(board: BoardSpec, spec: CommandSpec, deps: PowerDeps): PowerDriver {
  const env = deps.env ?? process.env;
  const timeoutMs = spec.timeoutMs ?? COMMAND_TIMEOUT_MS;

  async function run(action: 'off' | 'on'): Promise<number> {
    const cmd = spec[action];
    const r = await runCommand('/bin/sh', ['-c', cmd], { env, timeoutMs });
    const next = `run it by hand to see why: ${cmd}`;
    if (r.spawnError !== undefined) throw new PowerError('command', board.id, `cannot start /bin/sh (${r.spawnError.code ?? r.spawnError.message})`, next);
    if (r.timedOut) throw new PowerError('command', board.id, `the ${action} command did not finish within ${timeoutMs} ms (killed)`, `raise power.timeoutMs or ${next}`);
    if (r.code !== 0) {
      const said = tail(r.stderr) || tail(r.stdout);
      throw new PowerError('command', board.id, `the ${action} command failed (exit ${r.code ?? 'signal'})${said ? `: ${said}` : ' with no output'}`, next);
    }
    return Math.round(r.ms);
  }

  return {
    method: 'command',
    off: () =>
      timedSwitch('command', 'off', async () => {
        deps.groups?.assertMayCut(groupOf(board), board.id, 'command');
        const ms = await run('off');
        if (deps.vanished === undefined) return { verified: false, detail: `off command ${ms} ms; not verified (no vanished check)` };
        if (!(await deps.vanished())) {
          throw new PowerError('command', board.id, 'the off command succeeded but the board is still there', 'check that the relay really switches this board\'s supply');
        }
        return { verified: true, detail: `off command ${ms} ms, board gone` };
      }),
    on: () =>
      timedSwitch('command', 'on', async () => {
        const ms = await run('on');
        return { verified: false, detail: `on command ${ms} ms` };
      }),
  };
}
