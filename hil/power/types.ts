/** Power drivers switch a board's power and record how each switch was made and how long it took. */
import type { PowerGroups } from './groups.ts';

export interface CutRecord {
  /** How power was switched, e.g. `uhubctl -l 1-1 -p 2`, `command`, `manual`, `virtual`. */
  method: string;
  action: 'off' | 'on';
  /** ISO time the switch was started. */
  startedAt: string;
  /** From the start until the switch was done (and, for off, verified when the driver verifies). */
  latencyMs: number;
  /** True when the effect was observed (the board vanished; the hub reports the port powered). */
  verified: boolean;
  detail: string;
}

export interface PowerDriver {
  readonly method: string;
  off(): Promise<CutRecord>;
  on(): Promise<CutRecord>;
}

/** What a driver needs from its caller. */
export interface PowerDeps {
  /**
   * Resolves true once the board is gone (its serial port no longer exists), false if it is still
   * there after the caller's own bounded wait. Required by uhubctl: few hubs really cut VBUS.
   */
  vanished?: () => Promise<boolean>;
  /** The virtual board, for driver `virtual`. */
  virtualBoard?: { power(on: boolean): Promise<void> };
  /** Environment for commands (PATH finds uhubctl) and the CI check; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where `manual` asks; default process.stdin/stdout. */
  terminal?: { input: NodeJS.ReadableStream & { isTTY?: boolean }; output: NodeJS.WritableStream };
  /** Bound on one uhubctl run or on waiting for a person (ms); command uses its own timeoutMs. */
  timeoutMs?: number;
  /** Refuses a cut while another running board holds the group. */
  groups?: PowerGroups;
}

/** A power switch that failed: which driver, what happened, and what to do next. */
export class PowerError extends Error {
  constructor(
    readonly driver: string,
    readonly boardId: string,
    readonly problem: string,
    readonly next: string,
  ) {
    super(`power (${driver}) for board ${boardId}: ${problem.replace(/\.$/, '')}; ${next}`);
    this.name = 'PowerError';
  }

  /** A failed power switch is the rig's fault, never the updater's verdict (like ReplError's). */
  readonly isRigFault = true;
}
