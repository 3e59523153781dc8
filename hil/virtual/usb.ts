/**
 * The board's USB serial port as the host sees it: a pty made by socat, reachable at a fixed
 * link path that exists only while USB is up (a Pico W's ttyACM appears after boot.py and
 * vanishes at every reset). Bytes from the host arrive on socat's stdout; the board's console
 * output goes to its stdin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const SOCAT = 'socat';

export class UsbPort {
  readonly path: string;
  #socat: ChildProcess | null = null;
  readonly #onInput: (bytes: Uint8Array) => void;

  constructor(path: string, onInput: (bytes: Uint8Array) => void) {
    this.path = path;
    this.#onInput = onInput;
  }

  get up(): boolean {
    return this.#socat !== null;
  }

  /** Enumerates: resolves when the link path exists. */
  async connect(): Promise<void> {
    if (this.#socat) return;
    rmSync(this.path, { force: true });
    const socat = spawn(SOCAT, [`PTY,link=${this.path},rawer,echo=0`, 'STDIO'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.#socat = socat;
    socat.stdout.on('data', (b: Buffer) => this.#onInput(new Uint8Array(b)));
    // A host that stops reading must not crash the board (a board drops console output then).
    socat.stdin.on('error', () => undefined);
    const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
    for (let waited = 0; !existsSync(this.path); waited += 5) {
      if (waited > 5000 || socat.exitCode !== null) {
        await this.disconnect();
        throw new Error(`Failed to bring up the virtual USB port ${this.path}: socat did not create it`);
      }
      await Promise.race([sleep(5), exited]);
    }
  }

  write(bytes: Uint8Array): void {
    this.#socat?.stdin?.write(bytes);
  }

  /** Unplugs: resolves when socat is gone and the link path removed. */
  async disconnect(): Promise<void> {
    const socat = this.#socat;
    if (socat === null) return;
    this.#socat = null;
    if (socat.exitCode === null && socat.signalCode === null) {
      const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
      socat.kill('SIGTERM');
      await exited;
    }
    rmSync(this.path, { force: true });
  }
}
