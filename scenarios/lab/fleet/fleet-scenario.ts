/** A fleet scenario (docs/fleet.md): one board spec, one fake GitHub, a release timeline, goals. */
import type { ReleaseEvent } from '../../../sim/fleet/release-timeline.ts';
import type { ServerSpec } from '../../../sim/github/spec.ts';
import type { DeviceSpec } from '../../types.ts';

export interface ConvergeGoal {
  release: string;
  percent: number;
  withinHours: number;
}

export interface FleetScenario {
  /** From the file name. */
  name: string;
  format: 1;
  description: string;
  device: DeviceSpec;
  server: ServerSpec;
  fleet?: { devices?: number; nat?: number; hours?: number; firstWakeSpreadSec?: number; wakeEverySec?: number };
  timeline: ReleaseEvent[];
  goals?: { maxRateLimit403s?: number; converge?: ConvergeGoal[]; noneOn?: string[] };
}

export const FLEET_DEFAULTS = { devices: 1000, nat: 1, hours: 48, firstWakeSpreadSec: 3600, wakeEverySec: 3600 } as const;
