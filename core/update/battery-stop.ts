/**
 * The battery gate during an update (docs/SPEC.md §11): between staged files the level is read
 * again, and an update whose battery fell below `min_battery_percent` stops cleanly before the
 * next download — no journal exists yet, so nothing is half-installed; the stage is discarded and
 * the stop is recorded as a deferral (BATTERY_LOW). A later check, once the battery recovered,
 * stages afresh. The reason holds no level or time, so repeats are recorded once.
 */
import type { Config } from '../config/types.ts';
import type { Ports } from '../ports/index.ts';
import { batteryPercent } from '../battery/level.ts';
import type { ScheduleDeferral } from './window.ts';

export function batteryStop(ports: Ports, config: Pick<Config, 'min_battery_percent'>): ScheduleDeferral | null {
  const min = config.min_battery_percent;
  if (min === null) return null;
  const level = batteryPercent(ports);
  if (level === null || level >= min) return null;
  return {
    code: 'BATTERY_LOW',
    reason: `battery fell below min_battery_percent ${min}% during the download: stopped between files and the staged files discarded; the update runs again once the battery recovers`,
  };
}
