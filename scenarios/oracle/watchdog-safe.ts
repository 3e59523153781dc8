/**
 * watchdog-safe — a fault-free run never lets the watchdog bite while the updater runs (RP2040
 * maximum 8388 ms). A scenario's hung app (`app-hang` boots) is bitten on purpose and not counted.
 */
import type { Facts, Verdict } from './types.ts';

export function checkWatchdogSafe(f: Facts): Verdict[] {
  if (!f.ctx.faultFree || f.run.watchdogResets === 0) return [];
  // The boot that was bitten (a boot's cause reads 'watchdog' after any machine.reset() on rp2, too).
  const bitten = f.run.boots.find((b) => b.end === 'watchdog');
  return [
    {
      invariant: 'watchdog-safe',
      ...(bitten === undefined ? {} : { boot: bitten.index }),
      message: `the watchdog reset the board ${f.run.watchdogResets} time${f.run.watchdogResets === 1 ? '' : 's'} in a fault-free run`,
    },
  ];
}
