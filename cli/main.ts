/** The otalab command line: thin wiring from commander to the lab; every command returns an exit code. */
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerSuite } from './commands/suite.ts';
import { registerSim } from './commands/sim.ts';
import { registerCheck } from './commands/check.ts';
import { registerHil } from './commands/hil.ts';
import { registerRepro } from './commands/repro.ts';
import { registerSigning } from './commands/signing.ts';
import { registerFleet } from './commands/fleet.ts';
import { handleInterrupts } from './interrupt.ts';

/** The whole command tree (exported so tests can read every command's help). */
export function buildProgram(setCode: (c: number) => void): Command {
  const program = new Command()
    .name('otalab')
    .description('Crash-proof OTA updates for MicroPython boards, and the lab that proves them.')
    .version(packageJson.version, '-V, --version', 'print the otalab version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  registerSuite(program, setCode);
  registerSim(program, setCode);
  registerCheck(program, setCode);
  registerHil(program, setCode);
  registerRepro(program, setCode);
  registerSigning(program, setCode);
  registerFleet(program, setCode);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = Math.max(code, c);
  });
  const stopHandling = handleInterrupts();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    // Usage errors and unusable files: one line, `otalab: <path or flag>: <problem>`, exit 2.
    process.stderr.write(`otalab: ${(err as Error).message}\n`);
    return 2;
  } finally {
    stopHandling();
  }
  return code;
}
