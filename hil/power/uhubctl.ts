/**
 * Per-port USB hub power via uhubctl (`-l HUB -p PORT -r REPEAT -a off|on`). Few hubs really cut
 * VBUS (many only disable data or are ganged), so an off counts only once the board has vanished.
 */
import type { BoardSpec, PowerSpec } from '../rig/types.ts';
import { groupOf } from './groups.ts';
import { timedSwitch } from './record.ts';
import { runCommand, tail, type CommandResult } from './run-command.ts';
import { PowerError, type PowerDeps, type PowerDriver } from './types.ts';

type UhubctlSpec = Extract<PowerSpec, { driver: 'uhubctl' }>;

/** labgrid's default: some hubs need the request repeated before the port really drops. */
export const UHUBCTL_REPEAT = 100;
const UHUBCTL_TIMEOUT_MS = 30_000;

/** The hub's last reported state of our port (`Port 2: 0000 off`), and the hub's header line. */
export function portStatus(stdout: string, port: number): { status?: string; hub?: string } {
  const lines = stdout.split('\n');
  const out: { status?: string; hub?: string } = {};
  const portLine = new RegExp(`^\\s*Port ${port}: [0-9a-f]{4} (.*)$`);
  for (const line of lines) {
    const m = portLine.exec(line);
    if (m) out.status = m[1]!.trim();
    if (/status for hub/.test(line)) out.hub = line.trim();
  }
  return out;
}

const said = (r: CommandResult) => tail(r.stdout) || tail(r.stderr);

export function uhubctlDriver(board: BoardSpec, spec: UhubctlSpec, deps: PowerDeps): PowerDriver {
  const method = `uhubctl -l ${spec.hub} -p ${spec.port}`;
  const vanished = deps.vanished;
  if (vanished === undefined) {
    throw new PowerError('uhubctl', board.id, 'no way to see the board vanish was given', 'pass vanished() so a cut is verified (few hubs really cut VBUS)');
  }
  const env = deps.env ?? process.env;
  const where = `hub ${spec.hub} port ${spec.port}`;

  async function run(action: 'off' | 'on'): Promise<CommandResult> {
    const args = ['-l', spec.hub, '-p', String(spec.port), '-r', String(spec.repeat ?? UHUBCTL_REPEAT), '-a', action];
    const timeoutMs = deps.timeoutMs ?? UHUBCTL_TIMEOUT_MS;
    const r = await runCommand('uhubctl', args, { env, timeoutMs });
    const shown = `uhubctl ${args.join(' ')}`;
    if (r.spawnError !== undefined) {
      const missing = r.spawnError.code === 'ENOENT';
      throw new PowerError('uhubctl', board.id, `cannot run uhubctl (${r.spawnError.code ?? r.spawnError.message})`, missing ? 'install it (Debian: apt install uhubctl) or use another power driver' : 'check that uhubctl is executable');
    }
    if (r.timedOut) throw new PowerError('uhubctl', board.id, `${shown} did not finish within ${timeoutMs} ms`, `check ${where} with \`uhubctl -l ${spec.hub}\``);
    if (r.code !== 0) {
      const said = tail(r.stderr) || tail(r.stdout);
      const next = /permission denied/i.test(said)
        ? 'run as root or install the udev rule from the uhubctl README'
        : `check the hub location with \`uhubctl\` (it lists hubs that can switch power) and the rig file's hub/port`;
      throw new PowerError('uhubctl', board.id, `${shown} failed (exit ${r.code})${said ? `: ${said}` : ''}`, next);
    }
    return r;
  }

  return {
    method,
    off: () =>
      timedSwitch(method, 'off', async () => {
        deps.groups?.assertMayCut(groupOf(board), board.id, 'uhubctl');
        const r = await run('off');
        const { status, hub } = portStatus(r.stdout, spec.port);
        const ranMs = Math.round(r.ms);
        if (!(await vanished())) {
          const ganged = hub !== undefined && /ganged|nops/.test(hub) ? ` (uhubctl reports it as ${/ganged/.test(hub) ? 'ganged' : 'without power switching'})` : '';
          if (status === undefined) {
            // Nothing about our port in the output: more likely a wrong location than a lying hub.
            throw new PowerError('uhubctl', board.id, `uhubctl reported no status for ${where} and the board is still there${said(r) ? ` (uhubctl said: ${said(r)})` : ''}`, `check the hub location: \`uhubctl\` lists the hubs that can switch power`);
          }
          throw new PowerError(
            'uhubctl',
            board.id,
            `uhubctl switched ${where} off (port now "${status}") but the board is still there: this hub may not really cut VBUS${ganged}`,
            'use a hub that switches power per port (see docs/hil.md), or a relay with the command driver',
          );
        }
        return { verified: true, detail: `uhubctl ${ranMs} ms, board gone; port ${status ?? 'status not reported'}` };
      }),
    on: () =>
      timedSwitch(method, 'on', async () => {
        const r = await run('on');
        const { status } = portStatus(r.stdout, spec.port);
        // The hub's own report; the board's return is for the caller to wait on (boot.py runs first).
        const verified = status !== undefined && /\bpower\b/.test(status);
        return { verified, detail: `uhubctl ${Math.round(r.ms)} ms; port ${status ?? 'status not reported'}` };
      }),
  };
}
