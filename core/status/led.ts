/**
 * The status LED (docs/SPEC.md §10): a few short, fixed shapes on the Pico W's Pin("LED") so a
 * board without a console shows where an update is. Only with `status_led: true` (the LED is the
 * app's otherwise). A pattern lasts at most 1.1 s, feeds the watchdog before every wait, and an
 * LED that fails is logged and ignored: the LED never fails an update. The simulator decodes the
 * same shapes back into names (sim/led/decode.ts); device/lib/otalab/led.py draws them identically.
 */
import { DeviceStopped } from '../ports/system.ts';
import type { Ports } from '../ports/index.ts';

export type LedPattern = 'checking' | 'downloading' | 'committing' | 'success' | 'error' | 'rollback';

/** Blink shapes: `count` pulses of `onMs`, `GAP_MS` apart. 'committing' is steady (holdLed). */
export const BLINKS = {
  checking: { count: 2, onMs: 100 },
  downloading: { count: 1, onMs: 30 },
  success: { count: 3, onMs: 100 },
  error: { count: 1, onMs: 500 },
  rollback: { count: 2, onMs: 500 },
} as const satisfies Record<Exclude<LedPattern, 'committing'>, { count: number; onMs: number }>;

export const GAP_MS = 100;

interface LedConfig {
  status_led: boolean;
}

export async function showLed(ports: Ports, config: LedConfig, pattern: keyof typeof BLINKS): Promise<void> {
  if (!config.status_led || !ports.led) return;
  const { count, onMs } = BLINKS[pattern];
  for (let i = 0; i < count; i++) {
    if (i > 0) await fedSleep(ports, GAP_MS);
    if (!setLed(ports, true)) return;
    await fedSleep(ports, onMs);
    setLed(ports, false);
  }
}

/** 'committing': on for the whole commit (a reset or power loss turns it off). */
export function holdLed(ports: Ports, config: LedConfig, on: boolean): void {
  if (config.status_led && ports.led) setLed(ports, on);
}

function setLed(ports: Ports, on: boolean): boolean {
  try {
    ports.led!.set(on);
    return true;
  } catch (err) {
    if (err instanceof DeviceStopped) throw err;
    ports.log.log('warn', 'led.failed', { message: (err as Error).message });
    return false;
  }
}

async function fedSleep(ports: Ports, ms: number): Promise<void> {
  ports.watchdog.feed();
  await ports.clock.sleep(ms);
}
