/** watchdog-safe — a fault-free run never lets the watchdog bite (RP2040 maximum 8388 ms). */
import type { Facts, Verdict } from './types.ts';

export function checkWatchdogSafe(f: Facts): Verdict[] {
  if (!f.ctx.faultFree || f.run.watchdogResets === 0) return [];
  const bitten = f.run.boots.find((b) => b.end === 'watchdog' || b.cause === 'watchdog');
  return [
    {
      invariant: 'watchdog-safe',
      ...(bitten === undefined ? {} : { boot: bitten.index }),
      message: `the watchdog reset the board ${f.run.watchdogResets} time${f.run.watchdogResets === 1 ? '' : 's'} in a fault-free run`,
    },
  ];
}
