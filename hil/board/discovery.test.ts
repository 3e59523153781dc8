import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplError } from '../repl/index.ts';
import type { SerialLink } from '../serial/index.ts';
import { listBoards, openWhenBack, type PortInfoLike } from './discovery.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const pico = (path: string, serial: string, pid = '0005'): PortInfoLike => ({ path, vendorId: '2E8A', productId: pid, serialNumber: serial });
const fakeLink = (url: string): SerialLink => ({ url, write: async () => undefined, onData: () => () => undefined, closed: new Promise(() => undefined), close: async () => undefined });

describe('listBoards', () => {
  it('keeps only MicroPython Picos (2E8A:0005), sorted by serial, with their by-id links', async () => {
    const ports = [pico('/dev/ttyACM1', 'E661'), pico('/dev/ttyACM0', 'B002'), pico('/dev/ttyACM2', 'C003', '0003'), { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', serialNumber: 'FTDI' }];
    const boards = await listBoards({ list: async () => ports, byIdDir: '/nonexistent' });
    expect(boards.map((b) => [b.path, b.serial])).toEqual([
      ['/dev/ttyACM0', 'B002'],
      ['/dev/ttyACM1', 'E661'],
    ]);
    expect(boards.map((b) => b.byId)).toEqual([null, null]);
  });

  it('links a by-id entry that resolves to the port path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'otalab-dev-'));
    dirs.push(root);
    const byId = join(root, 'serial', 'by-id');
    mkdirSync(byId, { recursive: true });
    // udev's links are relative to /dev/serial/by-id, as here.
    symlinkSync('../../ttyACM1', join(byId, 'usb-MicroPython_E661-if00'));
    const boards = await listBoards({ list: async () => [pico(join(root, 'ttyACM1'), 'E661')], byIdDir: byId });
    expect(boards[0]!.byId).toBe(join(byId, 'usb-MicroPython_E661-if00'));
  });
});

describe('openWhenBack', () => {
  it('finds the board again by serial number under its new path after a reset', async () => {
    let polls = 0;
    const list = async (): Promise<PortInfoLike[]> => (++polls < 3 ? [pico('/dev/ttyACM0', 'OTHER')] : [pico('/dev/ttyACM0', 'OTHER'), pico('/dev/ttyACM3', 'e661')]);
    const opened: string[] = [];
    const link = await openWhenBack({ serial: 'E661' }, { timeoutMs: 2000, pollMs: 10, list, byIdDir: '/nonexistent', open: async (u) => (opened.push(u), fakeLink(u)) });
    expect(link.url).toBe('/dev/ttyACM3');
    expect(opened).toEqual(['/dev/ttyACM3']);
    expect(polls).toBe(3);
  });

  it('retries a URL whose open fails until it works', async () => {
    let tries = 0;
    const link = await openWhenBack('rfc2217://10.0.0.5:4000', {
      timeoutMs: 2000,
      pollMs: 10,
      open: async (u) => {
        if (++tries < 4) throw new Error('connection refused');
        return fakeLink(u);
      },
    });
    expect([link.url, tries]).toEqual(['rfc2217://10.0.0.5:4000', 4]);
  });

  it('gives up at the deadline with a rig-fault error naming the last problem', async () => {
    const started = Date.now();
    const err = (await openWhenBack({ serial: 'GONE' }, { timeoutMs: 150, pollMs: 20, list: async () => [], byIdDir: '/nonexistent' }).catch((e: unknown) => e)) as ReplError;
    expect(err).toBeInstanceOf(ReplError);
    expect([err.kind, err.isRigFault]).toEqual(['vanished', true]);
    expect(err.message).toMatch(/GONE did not come back within 150 ms \(serial number not among/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
