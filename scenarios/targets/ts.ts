/**
 * Target `ts`: the TypeScript updater (core/) on the virtual Pico W. Boots the board again and
 * again — recovery, trial bookkeeping, update check, app — until it is idle, the boot budget is
 * spent, or faults stop it; power cuts and watchdog bites freeze the board mid-step and the next
 * boot starts from whatever the flash kept.
 */
import { boot, describeOutcome } from '../../core/boot.ts';
import { SimBoard } from '../../sim/board.ts';
import { mswHttp } from '../../sim/github/msw-transport.ts';
import { simApp } from '../../sim/app.ts';
import { labelRepo, provision } from '../state/index.ts';
import type { BootRecord, RunPlan, RunResult, Target } from '../target.ts';
import type { Scenario } from '../types.ts';
import { armDeviceFaults, bootLoop, linkFaultsOf, markPhase, runResult, watchVersionWrites } from './board-run.ts';

export interface TsTargetOptions {
  keepLog?: boolean;
  /** 'msw': core's fetch goes through msw's interceptors instead of the direct adapter. */
  transport?: 'direct' | 'msw';
  /** The flash's fault model: 'littlefs' (the Pico W's, default) or 'fat' (to show what FAT risks). */
  flash?: 'littlefs' | 'fat';
}

export function tsTarget(options: TsTargetOptions = {}): Target {
  return {
    name: 'ts',
    replayFlags: options.flash === 'fat' ? '--flash fat' : undefined,
    cannot: () => null,
    run: (scenario, plan) => runTs(scenario, plan, options),
  };
}

/** The initial flash of a scenario is the same for every run of it: built once (load copies it). */
const initialFiles = new WeakMap<Scenario, Map<string, Uint8Array>>();

function provisioned(scenario: Scenario, board: SimBoard): Map<string, Uint8Array> {
  let files = initialFiles.get(scenario);
  if (!files) initialFiles.set(scenario, (files = provision(scenario, shaOfFor(board, scenario))));
  return files;
}

export function shaOfFor(board: SimBoard, scenario: Scenario): (label: string) => string {
  const repo = labelRepo(scenario);
  const full = `${repo.owner}/${repo.name}`;
  return (label) => board.github.commitSha(full, label);
}

async function runTs(scenario: Scenario, plan: RunPlan, options: TsTargetOptions): Promise<RunResult> {
  const board = new SimBoard({
    server: scenario.server,
    link: scenario.link,
    linkFaults: linkFaultsOf(plan.faults),
    batteryPercent: scenario.device.batteryPercent,
    keepLog: options.keepLog,
    http: options.transport === 'msw' ? mswHttp : undefined,
    profile: options.flash,
  });
  board.flash.load(provisioned(scenario, board));
  const unfired = armDeviceFaults(board, plan.faults);
  const boots: BootRecord[] = [];
  const versionWrites = watchVersionWrites(board, boots, (files) => files);
  await bootLoop(board, plan.maxBoots, async (record) => {
    const report = await boot(board.ports(), {
      onRecovered: () => {
        record.afterRecovery = board.flash.snapshot();
        markPhase(board, 'update');
      },
      onOutcome: (o) => {
        record.outcome = describeOutcome(o);
      },
      app: async () => {
        markPhase(board, 'app');
        return simApp(board.flash);
      },
    });
    return report.end;
  }, boots);
  return runResult('ts', board, boots, (files) => files, { log: board.log, versionWrites, unfired: unfired() });
}
