/**
 * A foreign MicroPython updater (`--updater <dir>` with an otalab-updater.yaml) on the virtual
 * Pico W: its files installed as the adapter says, started its way each boot, with `requests` /
 * `urequests` offered as Pico W firmware freezes them. The lab observes it without its
 * cooperation — no hooks: snapshots of the flash when each boot's updater part is over, whenever
 * its version record is closed, renamed onto or removed, and at the end; and a recheck a virtual
 * minute later (at most RECHECKS_MAX) while checks keep changing the flash, to see it converge.
 */
import { Buffer } from 'node:buffer';
import { SimBoard } from '../../sim/board.ts';
import { VirtualFlash } from '../../sim/flash/index.ts';
import { hang, simApp, type AppModel } from '../../sim/app.ts';
import { withoutFirmware } from '../../sim/micropython/firmware.ts';
import { bootMicroPython } from '../../sim/micropython/host.ts';
import { precompileFlashFiles } from '../../sim/micropython/precompiled.ts';
import { provision } from '../state/index.ts';
import { commitFiles } from '../../sim/github/files.ts';
import type { BootRecord, RunPlan, RunResult } from '../target.ts';
import type { Scenario } from '../types.ts';
import { boardTranslation, healthCode, startCode, updaterBoardFiles } from './adapter/board-files.ts';
import { loadAdapter } from './adapter/load.ts';
import type { UpdaterAdapter } from './adapter/types.ts';
import { armDeviceFaults, boardState, bootLoop, linkFaultsOf, markPhase, RECHECKS_MAX, runResult, watchErrorLogWrites } from './board-run.ts';
import type { MicroPythonTargetOptions } from './micropython.ts';
import { shaOfFor } from './ts.ts';

export interface ForeignUpdater {
  dir: string;
  adapterFile?: string;
}

/** Why a scenario cannot run faithfully with this updater, or null. */
export function foreignWhyNot(scenario: Scenario, updater: ForeignUpdater, profile: MicroPythonTargetOptions['flash']): string | null {
  if ((scenario.idleRechecks ?? 0) > 0) return 'idleRechecks: a foreign updater is re-checked by its own rule (a check that changed the flash), not after idle boots';
  const adapter = loadAdapter(updater.dir, updater.adapterFile);
  const configFile = scenario.device.configFile ?? 'ota_config.json';
  if (configFile !== 'ota_config.json' || scenario.device.configText !== undefined) return `the board's config is given as ${configFile}${scenario.device.configText !== undefined ? ' text' : ''}; a foreign updater gets the scenario's config as JSON only (docs/updater-adapter.md)`;
  const files = updaterBoardFiles(updater.dir, adapter, updater.adapterFile);
  const initial = boardTranslation(adapter).toBoard(new Map([...files, ...provision(scenario, () => '0'.repeat(40))]));
  try {
    new VirtualFlash({ profile }).load(initial);
  } catch (err) {
    return `the board cannot be loaded with the updater's files: ${(err as Error).message}`;
  }
  return null;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) => a === b || (a !== undefined && b !== undefined && Buffer.compare(a, b) === 0);

function sameState(a: Map<string, Uint8Array>, b: Map<string, Uint8Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [p, bytes] of a) if (!sameBytes(bytes, b.get(p))) return false;
  return true;
}

/** Per scenario, the updater files the oracle does not see while unchanged: those no scenario file or commit names. */
const hiddenCache = new WeakMap<Scenario, WeakMap<Map<string, Uint8Array>, Map<string, Uint8Array>>>();

function hiddenFiles(scenario: Scenario, files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  let byFiles = hiddenCache.get(scenario);
  if (!byFiles) hiddenCache.set(scenario, (byFiles = new WeakMap()));
  let hidden = byFiles.get(files);
  if (!hidden) {
    const named = new Set(Object.keys(scenario.device.files ?? {}));
    for (const repo of scenario.server.repos) for (const label of Object.keys(repo.commits)) for (const p of commitFiles(repo, label).keys()) named.add(p);
    byFiles.set(files, (hidden = new Map([...files].filter(([p]) => !named.has(p)))));
  }
  return hidden;
}

export async function runForeign(scenario: Scenario, plan: RunPlan, options: MicroPythonTargetOptions, updater: ForeignUpdater): Promise<RunResult> {
  const adapter: UpdaterAdapter = loadAdapter(updater.dir, updater.adapterFile);
  const files = updaterBoardFiles(updater.dir, adapter, updater.adapterFile);
  const precompiled = options.precompiled ?? true;
  if (precompiled) await precompileFlashFiles(files);
  const board = new SimBoard({ server: scenario.server, link: scenario.link, linkFaults: linkFaultsOf(plan.faults), profile: options.flash, flashTiming: options.flashTiming, rtc: scenario.device.rtc, battery: scenario.device.battery, batteryPercent: scenario.device.batteryPercent, ...(plan.keepNeighbours ? { sectorTears: false } : {}) });
  options.onBoard?.(board);
  const log: string[] = [];
  const say = (line: string) => log.push(`${(board.clock.elapsedUs / 1000).toFixed(1)}ms ${line}`);
  const translation = boardTranslation(adapter);
  // The scenario's files win a collision with the updater's (as on the micropython target).
  board.flash.load(translation.toBoard(new Map([...files, ...provision(scenario, shaOfFor(board, scenario))])));
  if (scenario.device.freeBytes !== undefined) board.flash.leaveFree(scenario.device.freeBytes);
  const unfired = armDeviceFaults(board, plan.faults);
  // The updater's files while unchanged are its firmware; a scenario file of the same path stays visible.
  const hidden = hiddenFiles(scenario, files);
  const view = (m: Map<string, Uint8Array>) => translation.fromBoard(withoutFirmware(m, hidden));
  const boots: BootRecord[] = [];
  // Version-record moments: a close of it (written in place), a rename onto it, its removal.
  const versionWrites: NonNullable<RunResult['versionWrites']> = [];
  const vfile = adapter.version.file;
  board.flash.onOp = (op) => {
    const hit = (op.kind === 'close' && op.path === vfile) || (op.kind === 'rename' && op.to === vfile) || (op.kind === 'remove' && op.path === vfile);
    if (hit) versionWrites.push({ op: op.index, boot: boots.length - 1, files: view(boardState(board.flash)) });
  };
  const errorLogWrites = watchErrorLogWrites(board, boots);
  let lastCheck = boardState(board.flash);
  let changed = true;
  const step = async (record: BootRecord): Promise<'idle' | 'app-crash'> => {
    say(`boot ${record.index} (${record.cause})`);
    markPhase(board, 'update');
    let model = null as AppModel | null;
    const end = await bootMicroPython(board, {
      log: (line) => say(`py: ${line}`),
      precompiled,
      requests: true,
      start: startCode(adapter),
      batteryPercent: scenario.device.batteryPercent ?? null,
      // The updater's part is over: the board as the app finds it (the oracle's per-boot checkpoint).
      onUpdaterDone: () => {
        record.afterRecovery = view(boardState(board.flash));
      },
      app: () => {
        markPhase(board, 'app');
        return (model = simApp(board.flash)) === 'healthy' ? healthCode(adapter) : null;
      },
    });
    if (model === 'hang') hang(board);
    const now = boardState(board.flash);
    changed = !sameState(now, lastCheck);
    lastCheck = now;
    if (end.app === 'crash' || end.appError !== '') {
      if (end.appError !== '') say(`app: raised ${end.appError}`);
      return 'app-crash';
    }
    return 'idle';
  };
  // Check again a minute later at least once, then while checks keep changing the flash.
  const recheck = (_: BootRecord, n: number) => n < RECHECKS_MAX && (n === 0 || changed);
  await bootLoop(board, plan.maxBoots, step, boots, (record) => say(`board stopped: ${record.end}`), recheck);
  return {
    ...runResult('micropython', board, boots, view, {
      versionWrites,
      errorLogWrites,
      unfired: unfired(),
      log: options.keepLog ? log : log.filter((l) => / (py|app|note): |board stopped/.test(l)).slice(-200),
    }),
    updater: updater.dir,
  };
}
