/**
 * Target `ts`: the TypeScript updater (core/) on the virtual Pico W. Boots the board again and
 * again — recovery, trial bookkeeping, update check, app — until it is idle, the boot budget is
 * spent, or faults stop it; power cuts and watchdog bites freeze the board mid-step and the next
 * boot starts from whatever the flash kept.
 */
import { boot, describeOutcome } from '../../core/boot.ts';
import { SimBoard } from '../../sim/board.ts';
import type { FlashTiming } from '../../sim/flash/index.ts';
import { mswHttp } from '../../sim/github/msw-transport.ts';
import { hang, simApp } from '../../sim/app.ts';
import { labelRepo, provision } from '../state/index.ts';
import type { BootRecord, RunPlan, RunResult, Target } from '../target.ts';
import type { Scenario } from '../types.ts';
import { armDeviceFaults, boardState, bootLoop, linkFaultsOf, markPhase, recheckRule, runResult, watchErrorLogWrites, watchVersionWrites } from './board-run.ts';

export interface TsTargetOptions {
  keepLog?: boolean;
  /** 'msw': core's fetch goes through msw's interceptors instead of the direct adapter. */
  transport?: 'direct' | 'msw';
  /** The flash's fault model: 'littlefs' (the Pico W's, default) or 'fat' (to show what FAT risks). */
  flash?: 'littlefs' | 'fat';
  /** Flash erase/program times: 'typical' (default) or the datasheet's 'worst'. */
  flashTiming?: FlashTiming;
}

export function tsTarget(options: TsTargetOptions = {}): Target {
  return {
    name: 'ts',
    spec: { name: 'ts', flash: options.flash ?? 'littlefs', ...(options.flashTiming === 'worst' ? { flashTiming: 'worst' as const } : {}) },
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
    battery: scenario.device.battery,
    rtc: scenario.device.rtc,
    keepLog: options.keepLog,
    http: options.transport === 'msw' ? mswHttp : undefined,
    profile: options.flash,
    flashTiming: options.flashTiming,
    ...(plan.keepNeighbours ? { sectorTears: false } : {}),
  });
  board.flash.load(provisioned(scenario, board));
  if (scenario.device.freeBytes !== undefined) board.flash.leaveFree(scenario.device.freeBytes);
  const unfired = armDeviceFaults(board, plan.faults);
  const boots: BootRecord[] = [];
  const versionWrites = watchVersionWrites(board, boots, (files) => files);
  const errorLogWrites = watchErrorLogWrites(board, boots);
  await bootLoop(board, plan.maxBoots, async (record) => {
    const report = await boot(board.ports(), {
      onRecovered: () => {
        record.afterRecovery = boardState(board.flash);
        markPhase(board, 'update');
      },
      onOutcome: (o) => {
        record.outcome = describeOutcome(o);
      },
      app: async () => {
        markPhase(board, 'app');
        const model = simApp(board.flash);
        return model === 'hang' ? hang(board) : model;
      },
    });
    return report.end;
  }, boots, undefined, recheckRule(scenario.idleRechecks));
  return runResult('ts', board, boots, (files) => files, { log: board.log, versionWrites, errorLogWrites, unfired: unfired() });
}
