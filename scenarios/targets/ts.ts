/**
 * Target `ts`: the TypeScript updater (core/) on the virtual Pico W. Boots the board again and
 * again — recovery, trial bookkeeping, update check, app — until it is idle, the boot budget is
 * spent, or faults stop it; power cuts and watchdog bites freeze the board mid-step and the next
 * boot starts from whatever the flash kept.
 */
import { boot, describeOutcome } from '../../core/boot.ts';
import type { UpdateOutcome } from '../../core/outcome.ts';
import { SimBoard } from '../../sim/board.ts';
import { mswHttp } from '../../sim/github/msw-transport.ts';
import { distinctCutModes } from '../../sim/flash/index.ts';
import type { LinkFault } from '../../sim/link/spec.ts';
import { DeviceReset, PowerLoss } from '../../sim/power.ts';
import { simApp } from '../../sim/app.ts';
import { labelRepo, provision } from '../state/index.ts';
import type { BootRecord, RunPlan, RunResult, Target } from '../target.ts';
import type { DeviceFault, Fault, Scenario } from '../types.ts';

const isDeviceFault = (f: Fault): f is DeviceFault => f.kind === 'power-cut' || f.kind === 'power-cut-at-time' || f.kind === 'flash-full';

/**
 * A board in the field checks again later after a failed check, whatever the cause: the lab does
 * the same (as a fresh boot, a minute later) up to this many failed checks in a row, so a
 * transient fault is shown to heal and a permanent one to change nothing, check after check.
 */
const RECHECK_AFTER_MS = 60_000;
const RECHECKS_MAX = 3;

function checksAgain(outcome: UpdateOutcome | null): boolean {
  return outcome !== null && outcome.kind === 'failed';
}

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
  const linkFaults = plan.faults.filter((f): f is LinkFault => !isDeviceFault(f));
  const deviceFaults = plan.faults.filter(isDeviceFault);
  const board = new SimBoard({
    server: scenario.server,
    link: scenario.link,
    linkFaults,
    batteryPercent: scenario.device.batteryPercent,
    keepLog: options.keepLog,
    http: options.transport === 'msw' ? mswHttp : undefined,
    profile: options.flash,
  });
  board.flash.load(provisioned(scenario, board));
  board.flash.armCuts(deviceFaults.flatMap((f) => (f.kind === 'power-cut' ? [{ op: f.op, mode: f.mode ?? 'before' }] : [])));
  for (const f of deviceFaults) {
    if (f.kind === 'flash-full') board.flash.armFull(f.op);
    if (f.kind === 'power-cut-at-time') board.clock.setTimer(f.atMs, () => board.power.halt('power-cut'));
  }
  const boots: BootRecord[] = [];
  const versionWrites: NonNullable<RunResult['versionWrites']> = [];
  board.flash.onOp = (op) => {
    if (op.kind === 'rename' && op.to === 'version.json') versionWrites.push({ op: op.index, boot: boots.length - 1, files: board.flash.snapshot() });
  };
  let cause: BootRecord['cause'] = 'power-on';
  let rechecks = 0;
  for (let index = 0; index < plan.maxBoots; index++) {
    if (index > 0) board.powerOn(cause);
    const record: BootRecord = { index, cause, afterRecovery: null, end: 'idle' };
    boots.push(record);
    let outcome: UpdateOutcome | null = null;
    try {
      const report = await boot(board.ports(), {
        onRecovered: () => {
          record.afterRecovery = board.flash.snapshot();
        },
        onOutcome: (o) => {
          outcome = o;
          record.outcome = describeOutcome(o);
        },
        app: async () => simApp(board.flash),
      });
      if (report.end === 'idle') {
        if (!checksAgain(outcome) || rechecks >= RECHECKS_MAX) break;
        rechecks++;
        // The app's periodic check: a transient failure is retried later, at the next boot.
        board.clock.advance(RECHECK_AFTER_MS);
        cause = 'soft';
        continue;
      }
      record.end = 'app-crash';
      cause = 'watchdog';
    } catch (err) {
      if (err instanceof PowerLoss) {
        record.end = err.reason === 'watchdog' ? 'watchdog' : 'power-cut';
        cause = err.reason === 'watchdog' ? 'watchdog' : 'power-on';
      } else if (err instanceof DeviceReset) {
        record.end = 'reset';
        cause = err.mode;
      } else {
        throw err;
      }
    }
  }
  const unfired: Fault[] = [
    ...board.flash.armedCuts.map((c) => ({ kind: 'power-cut' as const, op: c.op, mode: c.mode })),
    ...board.link.unfired(),
  ];
  // Read the final state without the power check: the board may be halted at the end of a run.
  board.power.powerOn();
  return {
    target: 'ts',
    files: board.flash.snapshot(),
    boots,
    flashOps: board.flash.opCount,
    ops: board.flash.opLog.map((op) => ({ kind: op.kind, modes: distinctCutModes(board.flash.profile, op.kind) })),
    requests: board.github.log.map((r) => ({ method: r.method, url: r.url, status: r.status, bodyBytes: r.bodyBytes, authorization: r.authorization ?? null })),
    watchdogResets: board.watchdog.bites,
    virtualTimeMs: board.clock.elapsedUs / 1000,
    unfired,
    log: board.log,
    versionWrites,
  };
}
