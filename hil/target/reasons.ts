/**
 * What a real board (or the virtual one behind the same serial stack) cannot do faithfully, said
 * as the reason a scenario is skipped — never passed. A cut at op K is a real power cut when the
 * rig can switch the power (the kit holds there), else the kit's reset (hil/kit). A time-keyed cut is the host switching the power at a wall time, a byte-keyed
 * one the host switching it when the LAN has written that many body bytes. The LAN
 * fake GitHub faults real sockets (hil/lan).
 */
import { commitFiles } from '../../sim/github/files.ts';
import type { Fault, Scenario } from '../../scenarios/types.ts';
import { whyNotOf } from '../../scenarios/targets/micropython.ts';
import { DEVICE_DIR } from '../../sim/micropython/firmware.ts';

export type LanCannot = (fault: Fault) => string | null;

/** The board's power switch: whether the host can cut it at a moment it picks, and its driver. */
export interface PowerSwitch {
  cutsPower: boolean;
  powerDriver: string;
}

export function boardCannot(fault: Fault, lanCannot: LanCannot, power: PowerSwitch): string | null {
  switch (fault.kind) {
    case 'power-cut':
      if (fault.mode === 'torn') return 'a board is cut by a reset before or after an operation: it cannot tear a write';
      if (fault.everyBoot) return 'the kit cuts once per run: a cut at the same step of every boot is not built for boards';
      return null;
    case 'power-cut-at-time':
      // Board time is wall time: the cut lands where the board happens to be then, not at the
      // simulator's virtual instant, so a verdict may differ where a run's timing does.
      if (!power.cutsPower) return `a time-keyed cut needs a power switch the host can time; power driver ${power.powerDriver} is a person`;
      return null;
    case 'power-cut-at-bytes':
      // The LAN counts the bytes it wrote; the host must then switch the power at once.
      if (!power.cutsPower) return `a byte-keyed cut needs a power switch the host can time; power driver ${power.powerDriver} is a person`;
      return lanCannot(fault);
    case 'flash-full':
      return "a real flash cannot be made to refuse new blocks from op K (the kit does not fake ENOSPC)";
    case 'brownout':
      return 'a brownout needs a battery model on VSYS: a rig powers the board from USB or a bench supply';
    default:
      return lanCannot(fault);
  }
}

export function boardCannotRun(scenario: Scenario, power: PowerSwitch): string | null {
  const mp = whyNotOf(scenario, DEVICE_DIR);
  if (mp !== null) return mp;
  const d = scenario.device;
  if (d.configText !== undefined) {
    try {
      JSON.parse(d.configText);
    } catch {
      return "the board's config is not JSON, so the rig cannot point it at the LAN fake GitHub";
    }
  }
  if ('api_base' in d.config || 'raw_base' in d.config) return 'the scenario points the updater at its own hosts (api_base/raw_base); the rig must point it at the LAN';
  if (d.battery !== undefined) return "the battery model needs a controllable VSYS: a rig cannot set the board's charge or sag";
  if (d.batteryPercent !== undefined) return "battery gating needs a controllable VSYS: a rig cannot set the board's charge";
  if (d.freeBytes !== undefined) return 'a rig cannot shrink a real flash to a given free space (no ballast file is built)';
  if ((scenario.idleRechecks ?? 0) > 0) return "idleRechecks: the kit's boot loop re-checks only after a failed check (a rig has no idle re-check yet)";
  if (d.rtc === 'unset') return "the board's RTC comes from the host on the virtual board and from power-on on a Pico W: an unset clock is not arranged by the rig";
  for (const repo of scenario.server.repos) for (const label of Object.keys(repo.commits)) {
    if (commitFiles(repo, label).has('boot.py')) return "a release ships boot.py, which on a rig carries the kit's hook: after it is installed the kit no longer sees the board";
  }
  // The host arms the next cut after each power cut; a kit reset leaves it no moment to.
  if (!power.cutsPower && (scenario.faults ?? []).some((f) => f.kind === 'power-cut')) return `the scenario cuts power itself, and with power driver ${power.powerDriver} the kit makes one cut per run by a reset (the sweep needs it)`;
  return null;
}
