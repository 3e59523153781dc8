/**
 * `otalab hil`: real Pico W boards over USB serial (and the virtual one). `boards` lists attached
 * boards, `deploy` installs device/ (boot.py last, so a reset mid-deploy never boots a new hook
 * over old modules), `dump` reads the flash back, `suite` runs the library on a rig (hil-suite.ts).
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Repl } from '../../hil/repl/index.ts';
import { deploy, dump, listBoards, openWhenBack, readIdentity, sha256Hex } from '../../hil/board/index.ts';
import { openLink } from '../../hil/serial/index.ts';
import { DEVICE_DIR, firmwareFiles } from '../../sim/micropython/firmware.ts';
import { registerHilSuite } from './hil-suite.ts';

interface PortFlags {
  port?: string;
  serial?: string;
  timeout: string;
}

const out = (s: string) => process.stdout.write(s + '\n');

async function reach(flags: PortFlags): Promise<Repl> {
  if ((flags.port === undefined) === (flags.serial === undefined)) throw new Error('name the board with exactly one of --port <path|rfc2217://host:port|tcp://host:port> or --serial <usb serial number> (see: otalab hil boards)');
  const timeoutMs = Number(flags.timeout) * 1000;
  const link = flags.port !== undefined
    ? flags.port.includes('://') ? await openLink(flags.port) : await openWhenBack(flags.port, { timeoutMs })
    : await openWhenBack({ serial: flags.serial! }, { timeoutMs });
  try {
    return await Repl.enter(link, { timeoutMs });
  } catch (err) {
    await link.close();
    throw new Error(`${link.url}: no raw REPL: ${(err as Error).message} (is another program holding the port? is the board running MicroPython?)`);
  }
}

function portOptions(cmd: Command): Command {
  return cmd
    .option('--port <url>', 'serial port: a path, rfc2217://host:port or tcp://host:port')
    .option('--serial <number>', 'the board with this USB serial number (found again after it re-enumerates)')
    .option('--timeout <s>', 'seconds to wait for the port and the REPL', '10');
}

export function registerHil(program: Command, setCode: (c: number) => void): Command {
  const hil = program.command('hil').description('real Pico W boards over USB serial, and the virtual board: list, deploy, dump, run the suite');

  hil
    .command('boards')
    .description('list attached Pico W boards running MicroPython (USB 2E8A:0005): port, serial number, firmware')
    .option('--no-probe', 'do not open each board to read its MicroPython version')
    .action(async (opts: { probe: boolean }) => {
      const boards = await listBoards();
      if (boards.length === 0) {
        out('no Pico W running MicroPython found (USB 2E8A:0005). Is it plugged in with a data cable? A board in BOOTSEL mode shows as 2E8A:0003: flash MicroPython first (docs/install-pico-w.md).');
        setCode(1);
        return;
      }
      for (const b of boards) {
        let firmware = '';
        if (opts.probe) {
          try {
            const repl = await Repl.enter(await openLink(b.path), { timeoutMs: 5000 });
            firmware = (await readIdentity(repl)).micropython;
            await repl.leave();
            await repl.link.close();
          } catch (err) {
            firmware = `(not reachable: ${(err as Error).message})`;
          }
        }
        out([b.path, b.serial, b.byId ?? '', firmware].filter(Boolean).join('  '));
      }
    });

  portOptions(hil.command('deploy').description('install the updater (device/) on a board: unchanged files skipped by sha256, every written file verified'))
    .option('--dir <dir>', "the updater directory to install (absent: this otalab's device/)")
    .option('--clean', 'also remove every other file and directory on the board')
    .action(async (opts: PortFlags & { dir?: string; clean?: boolean }) => {
      const files = firmwareFiles(opts.dir === undefined ? DEVICE_DIR : resolve(opts.dir));
      const repl = await reach(opts);
      try {
        // boot.py last: a reset mid-deploy must not boot a new hook over old modules.
        const rest = new Map([...files].filter(([p]) => p !== 'boot.py'));
        const first = await deploy(repl, rest, { clean: opts.clean ?? false, keep: (p) => p === 'boot.py' });
        const hook = await deploy(repl, new Map([['boot.py', files.get('boot.py')!]]));
        const written = [...first.written, ...hook.written];
        const skipped = [...first.skipped, ...hook.skipped];
        for (const p of written) out(`wrote    ${p}  sha256 ${sha256Hex(files.get(p)!)}`);
        out(`${written.length} written, ${skipped.length} unchanged${first.removed.length > 0 ? `, ${first.removed.length} removed` : ''}; every file verified by sha256 on the board (${((first.ms + hook.ms) / 1000).toFixed(1)} s)`);
      } finally {
        await repl.leave().catch(() => undefined);
        await repl.link.close();
      }
    });

  portOptions(hil.command('dump').description("read a board's flash back: every file (sha256-checked) and empty directory"))
    .requiredOption('--out <dir>', 'directory to write the files into')
    .action(async (opts: PortFlags & { out: string }) => {
      const repl = await reach(opts);
      try {
        const back = await dump(repl);
        for (const [p, bytes] of back.files) {
          const file = join(opts.out, p);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, bytes);
          out(`${p}  ${bytes.length} B  sha256 ${sha256Hex(bytes)}`);
        }
        for (const d of back.dirs) mkdirSync(join(opts.out, d), { recursive: true });
        out(`${back.files.size} files, ${back.dirs.length} directories written to ${opts.out}`);
      } finally {
        await repl.leave().catch(() => undefined);
        await repl.link.close();
      }
    });

  registerHilSuite(hil, setCode);
  return hil;
}
