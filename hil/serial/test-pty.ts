/** Test support: a socat pty pair (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`), and free TCP ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SER2NET = '/usr/sbin/ser2net';

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

export interface Ser2net {
  url: string;
  readonly running: boolean;
  log(): string;
  stop(): Promise<void>;
}

/** ser2net serving `ptyPath` as RFC2217 on a free local port (config in a temp dir, no pid file in /run). */
export async function startSer2net(ptyPath: string): Promise<Ser2net> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'otalab-ser2net-'));
  const cfg = join(dir, 'ser2net.yaml');
  writeFileSync(cfg, `connection: &board\n  accepter: telnet(rfc2217),tcp,127.0.0.1,${port}\n  connector: serialdev,${ptyPath},115200n81,local\n  options:\n    kickolduser: true\n`);
  const proc: ChildProcess = spawn(SER2NET, ['-n', '-u', '-P', join(dir, 'ser2net.pid'), '-c', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  // 'exit' never comes when the spawn itself failed: 'error' ends it then.
  const gone = new Promise<void>((r) => {
    proc.once('exit', () => ((exited = true), r()));
    proc.once('error', (e) => ((log += String(e)), (exited = true), r()));
  });
  // ser2net prints nothing once it listens: give it a moment, then see whether it still runs.
  await new Promise((r) => setTimeout(r, 300));
  return {
    url: `rfc2217://127.0.0.1:${port}`,
    get running() {
      return !exited;
    },
    log: () => log,
    stop: async () => {
      if (!exited) proc.kill('SIGTERM');
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
