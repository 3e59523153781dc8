/**
 * The board half of the JS bridge: virtual time, the watchdog, resets, board facts, the LED,
 * the battery ADC, Wi-Fi association, the sha1 stand-in, and the simulator's observers.
 *
 * Fault model: time passes only when the device sleeps (or a flash op or the link charges it);
 * a watchdog bite or a timed power cut during that advance throws PowerLoss out of the
 * interpreter. `machine.reset()` throws DeviceReset the same way (it never returns on a board).
 * Wi-Fi always associates (scenarios model an unreachable network as link faults).
 *
 * `hashlib.sha1` is the SIMULATOR'S SUBSTITUTE for the firmware's native sha1, which the wasm
 * build lacks: node:crypto behind the bridge. `sha256` stays the interpreter's own.
 */
import { createHash, type Hash } from 'node:crypto';
import type { SimBoard } from '../board.ts';
import { DeviceReset } from '../power.ts';

/** machine.reset_cause() values (MicroPython's numbering). */
export const RESET_CAUSE = { PWRON_RESET: 1, HARD_RESET: 2, WDT_RESET: 3, SOFT_RESET: 5 } as const;

/** ADC reading of VSYS/3 on ADC(29) for `volts` (3.3 V reference, 16-bit). */
export function vsysReading(volts: number): number {
  return Math.max(0, Math.min(65535, Math.round(((volts / 3) * 65535) / 3.3)));
}

/** A LiPo from 3.0 V (0 %) to 4.2 V (100 %), linear; no battery: VSYS from USB, 5.0 V. */
export function batteryVolts(percent: number | null): number {
  return percent === null ? 5.0 : 3.0 + (1.2 * percent) / 100;
}

export interface BoardEvents {
  onRecovered(action: string): void;
  onOutcome(outcome: string): void;
  /** A live-heap sample (bytes, after gc.collect) when heap measuring is on; `label` marks a moment ('idle', 'recovered'). */
  onHeap(bytes: number, label: string): void;
  onLed(value: number): void;
}

export interface BoardFacts {
  uniqueIdHex: string;
  batteryPercent: number | null;
}

export function boardBridge(board: SimBoard, facts: BoardFacts, events: BoardEvents, bytes: (addr: number, n: number) => Uint8Array): Record<string, unknown> {
  const clock = board.clock;
  const hashes = new Map<number, { hash: Hash; digest: Buffer | null }>();
  let nextHash = 1;
  let wlanUp = false;

  return {
    t_ticks_ms: () => clock.uptimeMs() & 0x3fffffff,
    t_ticks_us: () => (clock.uptimeMs(), Math.floor(clock.uptimeUs) & 0x3fffffff),
    t_sleep_ms: (ms: number) => {
      board.power.check();
      if (ms > 0) clock.advance(ms);
    },
    t_time: () => Math.floor(clock.now() / 1000),
    /** Epoch ms as text: integers cross the bridge truncated to 32 bits. */
    t_now_ms_text: () => String(clock.now()),

    /** '' when started, else the reason (a ValueError on the board). */
    wdt_start: (ms: number): string => {
      try {
        board.watchdog.start(ms);
        return '';
      } catch (err) {
        board.power.check();
        return (err as Error).message;
      }
    },
    wdt_feed: () => board.watchdog.feed(),
    reset: (mode: string) => {
      board.power.check();
      throw new DeviceReset(mode === 'soft' ? 'soft' : 'hard');
    },
    /** rp2's machine.reset() goes through the watchdog, so a hard reset reads WDT_RESET there too. */
    reset_cause: () => {
      const cause = board.resetCause;
      return cause === 'power-on' ? RESET_CAUSE.PWRON_RESET : cause === 'soft' ? RESET_CAUSE.SOFT_RESET : RESET_CAUSE.WDT_RESET;
    },
    unique_id_hex: () => facts.uniqueIdHex,
    led: (value: number) => {
      board.led.set(value !== 0);
      events.onLed(value ? 1 : 0);
    },
    adc_read_u16: (pin: number) => {
      board.power.check();
      if (pin !== 29 && pin !== 3) return 0;
      // The board's battery model (sim/battery/), sagging under the present load; else USB's 5 V.
      return board.battery !== null ? board.battery.adcU16() : vsysReading(batteryVolts(facts.batteryPercent));
    },
    wlan_connect: () => {
      board.power.check();
      wlanUp = true;
    },
    wlan_disconnect: () => {
      wlanUp = false;
    },
    wlan_connected: () => (board.power.check(), wlanUp),

    sha1_new: () => {
      const id = nextHash++;
      hashes.set(id, { hash: createHash('sha1'), digest: null });
      return id;
    },
    sha1_update: (id: number, addr: number, n: number) => {
      const h = hashes.get(id);
      if (h === undefined || h.digest !== null) return -1;
      if (n > 0) h.hash.update(bytes(addr, n));
      return 0;
    },
    /** Writes the 20-byte digest at `addr` (the hash is final from then on, as on the board). */
    sha1_digest: (id: number, addr: number) => {
      const h = hashes.get(id);
      if (h === undefined) return -1;
      h.digest ??= h.hash.digest();
      bytes(addr, 20).set(h.digest);
      return 0;
    },

    hook_recovered: (action: string) => events.onRecovered(String(action)),
    hook_outcome: (outcome: string) => events.onOutcome(String(outcome)),
    heap_sample: (bytesUsed: number, label: string) => events.onHeap(bytesUsed, String(label)),
  };
}
