/**
 * Runs a power command with a hard timeout. The child gets its own process group so a timeout
 * also kills what a shell command started (a `sleep` holding stdout open would otherwise keep
 * us waiting past the timeout).
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** Exit code; null when killed by a signal or the timeout. */
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException;
}

const KEEP = 16 * 1024;

export function runCommand(file: string, args: readonly string[], opts: { env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout = (stdout + s).slice(-KEEP)));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-KEEP)));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => (spawnError = err));
    child.on('close', (code) => {
      clearTimeout(timer);
      const result: CommandResult = { code: timedOut ? null : code, timedOut, stdout, stderr, ms: performance.now() - t0 };
      if (spawnError !== undefined) result.spawnError = spawnError;
      resolve(result);
    });
  });
}

/** The last few lines of a command's output, for an error message. */
export function tail(text: string, lines = 4): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}
