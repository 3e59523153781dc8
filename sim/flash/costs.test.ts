/**
 * Virtual time each flash op costs (the Pico W's W25Q16JV NOR): typically a 256 B page program
 * 0.4 ms, a 4 KiB erase 45 ms, a metadata commit 2 ms; at the datasheet maxima 3 ms, 400 ms and
 * 17.2 ms. Expected values are computed here from those figures.
 */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../clock.ts';
import { PowerLoss } from '../power.ts';
import { SimWatchdog } from '../watchdog.ts';
import { STREAM_READ_US_PER_BYTE } from './profile.ts';
import { VirtualFlash } from './virtual-flash.ts';

const PAGE_US = 400;
const ERASE_US = 45_000;
const COMMIT_US = 2_000;

/** µs of virtual time `fn` takes. */
function costUs(vf: VirtualFlash, fn: () => unknown): number {
  const t0 = vf.clock.elapsedUs;
  fn();
  return vf.clock.elapsedUs - t0;
}

describe('VirtualFlash costs', () => {
  it('charges a write by the 256 B pages it programs', () => {
    const vf = new VirtualFlash();
    const w = vf.openWrite('f');
    expect(costUs(vf, () => w.write(new Uint8Array(0)))).toBe(0);
    expect(costUs(vf, () => w.write(new Uint8Array(1)))).toBe(PAGE_US);
    expect(costUs(vf, () => w.write(new Uint8Array(256)))).toBe(PAGE_US);
    expect(costUs(vf, () => w.write(new Uint8Array(257)))).toBe(2 * PAGE_US);
    expect(costUs(vf, () => w.write(new Uint8Array(600)))).toBe(3 * PAGE_US);
  });

  it('charges a close one commit plus an erase per 4 KiB block', () => {
    const vf = new VirtualFlash();
    const sized = (n: number) => {
      const w = vf.openWrite(`f${n}`);
      w.write(new Uint8Array(n));
      return w;
    };
    for (const [n, blocks] of [
      [0, 0],
      [4096, 1],
      [4097, 2],
    ] as const) {
      const w = sized(n);
      expect(costUs(vf, () => w.close())).toBe(COMMIT_US + blocks * ERASE_US);
    }
  });

  it('charges one commit per rename, remove, mkdir, rmdir and per file creation', () => {
    const vf = new VirtualFlash();
    vf.load({ a: 'a' });
    expect(costUs(vf, () => vf.openWrite('new'))).toBe(COMMIT_US);
    expect(costUs(vf, () => vf.openWrite('a'))).toBe(0); // littlefs: a truncate waits for close
    expect(costUs(vf, () => vf.rename('a', 'b'))).toBe(COMMIT_US);
    expect(costUs(vf, () => vf.remove('b'))).toBe(COMMIT_US);
    expect(costUs(vf, () => vf.mkdir('d'))).toBe(COMMIT_US);
    expect(costUs(vf, () => vf.rmdir('d'))).toBe(COMMIT_US);
    const fat = new VirtualFlash({ profile: 'fat' });
    fat.load({ a: 'a' });
    expect(costUs(fat, () => fat.openWrite('a'))).toBe(COMMIT_US); // fat truncates at once
  });

  it('with datasheet maxima (timing worst): page program 3 ms, erase 400 ms, commit 17.2 ms', () => {
    const vf = new VirtualFlash({ timing: 'worst' });
    expect(vf.profile).toMatchObject({ pageProgramMs: 3, blockEraseMs: 400, metadataCommitMs: 17.2, timing: 'worst' });
    const w = vf.openWrite('f');
    expect(costUs(vf, () => w.write(new Uint8Array(257)))).toBe(2 * 3_000);
    expect(costUs(vf, () => w.close())).toBe(17_200 + 400_000);
    const fat = new VirtualFlash({ profile: 'fat', timing: 'worst' });
    expect(costUs(fat, () => fat.mkdir('d'))).toBe(17_200);
    expect(new VirtualFlash({ timing: 'typical' }).profile).toBe(new VirtualFlash().profile);
  });

  it('charges nothing for stat, list and whole-file reads', () => {
    const vf = new VirtualFlash();
    vf.load({ 'd/a': 'abc' });
    expect(
      costUs(vf, () => {
        vf.stat('d/a');
        vf.readFile('d/a');
        vf.list('d');
        vf.openRead('d/a');
        vf.freeBytes();
      }),
    ).toBe(0);
  });

  it('charges a streamed read per byte handed over (reading and hashing a large file takes time)', () => {
    const vf = new VirtualFlash();
    vf.load({ 'd/a': 'abcdefghij' });
    const h = vf.openRead('d/a');
    expect(costUs(vf, () => h.read(4))).toBe(4 * STREAM_READ_US_PER_BYTE);
    expect(costUs(vf, () => h.read(100))).toBe(6 * STREAM_READ_US_PER_BYTE);
    expect(costUs(vf, () => h.read(100))).toBe(0);
  });

  it('makes a slow close trip the watchdog; the commit does not happen', () => {
    const clock = new SimClock();
    const wdt = new SimWatchdog(clock, clock.power);
    const vf = new VirtualFlash({ clock });
    vf.load({ f: 'old' });
    wdt.start(100);
    const w = vf.openWrite('f');
    w.write(new Uint8Array(3 * 4096)); // 48 pages: 19.2 ms
    expect(() => w.close()).toThrow(PowerLoss); // 2 + 3 × 45 ms: past the 100 ms period
    expect(clock.power.halted).toBe('watchdog');
    clock.power.powerOn();
    expect(new TextDecoder().decode(vf.readFile('f'))).toBe('old');
  });
});
