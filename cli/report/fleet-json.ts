/** `otalab fleet --json`: the whole report as one JSON object (format 1, docs/fleet.md). */
import type { FleetReport } from '../../scenarios/lab/fleet/fleet-report.ts';

export function fleetJson(r: FleetReport): string {
  return JSON.stringify({ format: 1, ...r, wallMs: Math.round(r.wallMs) });
}
