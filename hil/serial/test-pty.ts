/** Test support: a socat pty pair (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`), and free TCP ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface PtyPair {
  a: string;
  b: string;
  proc: ChildProcess;
  kill(): Promise<void>;
}

export function startPtyPair(timeoutMs = 3000): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    const proc = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`socat gave no pty names within ${timeoutMs} ms: ${text}`));
    }, timeoutMs);
    proc.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    proc.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      const names = [...text.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!);
      if (names.length >= 2 && /starting data transfer loop/.test(text)) {
        clearTimeout(timer);
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        resolve({
          a: names[0]!,
          b: names[1]!,
          proc,
          kill: async () => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
