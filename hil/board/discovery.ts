/**
 * Finding Pico W boards (MicroPython's USB id 2E8A:0005) and getting one back after a reset.
 * Boards re-enumerate (ttyACM0 may come back as ttyACM1), so a board is named by its USB serial
 * number (the flash unique id) and found again by it.
 */
import { readdir, readlink } from 'node:fs/promises';
import { resolve as resolvePath, join } from 'node:path';
import { SerialPort } from 'serialport';
import { ReplError } from '../repl/index.ts';
import { openLink, type SerialLink } from '../serial/index.ts';

export const PICO_VID = '2e8a';
export const MICROPYTHON_PID = '0005';

export interface BoardPort {
  path: string;
  serial: string;
  /** The stable /dev/serial/by-id link to `path`, when udev made one. */
  byId: string | null;
}

export interface PortInfoLike {
  path: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
}

export interface DiscoveryOptions {
  /** The port lister; serialport's by default (tests pass their own). */
  list?: () => Promise<PortInfoLike[]>;
  byIdDir?: string;
}

export async function listBoards(options: DiscoveryOptions = {}): Promise<BoardPort[]> {
  const ports = await (options.list ?? SerialPort.list)();
  const byId = await byIdLinks(options.byIdDir ?? '/dev/serial/by-id');
  return ports
    .filter((p) => p.vendorId?.toLowerCase() === PICO_VID && p.productId?.toLowerCase() === MICROPYTHON_PID)
    .map((p) => ({ path: p.path, serial: p.serialNumber ?? '', byId: byId.get(p.path) ?? null }))
    .sort((a, b) => a.serial.localeCompare(b.serial) || a.path.localeCompare(b.path));
}

/** target path → by-id link; empty when the directory does not exist (no udev, no boards). */
async function byIdLinks(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      out.set(resolvePath(dir, await readlink(join(dir, name))), join(dir, name));
    } catch {
      // Not a link, or it vanished mid-scan: skip.
    }
  }
  return out;
}

export interface WhenBackOptions extends DiscoveryOptions {
  timeoutMs: number;
  pollMs?: number;
  baudRate?: number;
  /** The opener; openLink by default. */
  open?: (url: string) => Promise<SerialLink>;
}

/**
 * Polls until the board is back and opens it. `{serial}` looks the port up afresh on every poll
 * (it may have a new path); a URL is retried as is. Never waits past `timeoutMs`.
 */
export async function openWhenBack(target: string | { serial: string }, options: WhenBackOptions): Promise<SerialLink> {
  const deadline = Date.now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 200;
  const open = options.open ?? ((url: string) => openLink(url, { baudRate: options.baudRate }));
  const name = typeof target === 'string' ? target : `board with serial ${target.serial}`;
  let last = 'not seen yet';
  for (;;) {
    try {
      let url: string | null = typeof target === 'string' ? target : null;
      if (typeof target !== 'string') {
        const found = (await listBoards(options)).find((b) => b.serial.toLowerCase() === target.serial.toLowerCase());
        url = found ? (found.byId ?? found.path) : null;
        if (!url) last = 'serial number not among the attached boards';
      }
      if (url) return await open(url);
    } catch (err) {
      last = (err as Error).message;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new ReplError('vanished', `${name} did not come back within ${options.timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, Math.min(pollMs, left)));
  }
}
