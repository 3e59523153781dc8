/** The otalab command line: thin wiring from commander to the lab; every command returns an exit code. */
import { Command, CommanderError } from 'commander';
import { registerSuite } from './commands/suite.ts';
import { registerSim } from './commands/sim.ts';
import { registerCheck } from './commands/check.ts';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('otalab')
    .description('Crash-proof OTA updates for MicroPython boards, and the lab that proves them.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const setCode = (c: number) => {
    code = Math.max(code, c);
  };
  registerSuite(program, setCode);
  registerSim(program, setCode);
  registerCheck(program, setCode);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`otalab: ${(err as Error).message}\n`);
    return 2;
  }
  return code;
}
