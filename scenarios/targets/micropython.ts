/**
 * Target `micropython`: the MicroPython updater (device/) in the official MicroPython
 * WebAssembly interpreter on the same virtual Pico W as the `ts` target — same flash, clock,
 * watchdog, link and fake GitHub, same scenarios and oracle. Each boot is a fresh interpreter
 * running the flash's boot.py (recovery, then the updater), then the app model; power cuts,
 * watchdog bites and `machine.reset()` end a boot mid-statement as on the `ts` target.
 *
 * The updater's own files are provisioned beside the scenario's and left out of what the oracle
 * sees while they are unchanged (on the `ts` target they live outside the flash).
 */
import { SimBoard } from '../../sim/board.ts';
import { VirtualFlash } from '../../sim/flash/index.ts';
import { hang, simApp, type AppModel } from '../../sim/app.ts';
import { CONFIRM_CODE, DEVICE_DIR, firmwareFiles, withoutFirmware } from '../../sim/micropython/firmware.ts';
import { bootMicroPython, newHeapReport, type BootTiming, type HeapReport } from '../../sim/micropython/host.ts';
import { withInterpreter } from '../../sim/micropython/interpreter.ts';
import { precompileFlashFiles } from '../../sim/micropython/precompiled.ts';
import { Buffer } from 'node:buffer';
import { commitFiles, fileBytes } from '../../sim/github/files.ts';
import { deviceRules, isManaged, labelRepo, provision } from '../state/index.ts';
import type { BootRecord, RunPlan, RunResult, Target } from '../target.ts';
import type { FlashTiming } from '../../sim/flash/index.ts';
import type { Scenario } from '../types.ts';
import { armDeviceFaults, boardState, bootLoop, linkFaultsOf, markPhase, recheckRule, runResult, watchErrorLogWrites, watchVersionWrites } from './board-run.ts';
import { shaOfFor } from './ts.ts';
import { foreignWhyNot, runForeign } from './foreign.ts';
import { isForeign, loadAdapter } from './adapter/load.ts';

export interface MicroPythonTargetOptions {
  keepLog?: boolean;
  /** The updater to run (default device/); tests pass a stand-in. */
  firmwareDir?: string;
  /** The flash's fault model: 'littlefs' (the Pico W's, default) or 'fat'. */
  flash?: 'littlefs' | 'fat';
  /** A foreign updater's adapter file (absent: `<firmwareDir>/otalab-updater.yaml` when there). */
  adapterFile?: string;
  /** Flash erase/program times: 'typical' (default) or the datasheet's 'worst'. */
  flashTiming?: FlashTiming;
  /**
   * Import the updater's own files as bytecode precompiled by mpy-cross while their bytes are as
   * installed (default true; sim/micropython/README.md). False: compiled from source every boot.
   */
  precompiled?: boolean;
  /** Called with the run's board before the first boot (benches read its flash op log afterwards). */
  onBoard?: (board: SimBoard) => void;
  /** When given, each boot's heap samples are appended (slow: a gc.collect per shim call; benches). */
  heaps?: HeapReport[];
  /** Summed wall-time breakdown of every boot (benches). */
  timing?: BootTiming;
}

export interface MicroPythonTarget extends Target {
  /** Null if the scenario can run faithfully here, else why not (to be reported as skipped). */
  cannotRun(scenario: Scenario): string | null;
}

export function micropythonTarget(options: MicroPythonTargetOptions = {}): MicroPythonTarget {
  const dir = options.firmwareDir ?? DEVICE_DIR;
  const spec = { name: 'micropython', flash: options.flash ?? 'littlefs', ...(options.flashTiming === 'worst' ? { flashTiming: 'worst' as const } : {}), ...(options.firmwareDir !== undefined ? { updater: options.firmwareDir } : {}), ...(options.adapterFile !== undefined ? { adapter: options.adapterFile } : {}) };
  if (isForeign(options.firmwareDir, options.adapterFile)) {
    const updater = { dir, ...(options.adapterFile !== undefined ? { adapterFile: options.adapterFile } : {}) };
    loadAdapter(dir, options.adapterFile); // a bad adapter fails here, before any run
    return {
      name: 'micropython',
      spec,
      cannot: () => null,
      cannotRun: (scenario) => foreignWhyNot(scenario, updater, options.flash),
      run: (scenario, plan) => withInterpreter(() => runForeign(scenario, plan, options, updater)),
    };
  }
  return {
    name: 'micropython',
    spec,
    // Every fault goes through the shared flash, clock and link models. A `dns` fault surfaces as
    // OSError(-2) from the socket write that completes the request, not from getaddrinfo.
    cannot: () => null,
    cannotRun: (scenario) => whyNotOf(scenario, dir) ?? unloadable(scenario, dir, options.flash),
    run: (scenario, plan) => withInterpreter(() => runMicroPython(scenario, plan, options, dir)),
  };
}

/** Per firmware directory, per scenario: computed once (a sweep runs a scenario thousands of times). */
const reasonsByDir = new Map<string, WeakMap<Scenario, string | null>>();

export function whyNotOf(scenario: Scenario, dir: string): string | null {
  let reasons = reasonsByDir.get(dir);
  if (!reasons) reasonsByDir.set(dir, (reasons = new WeakMap()));
  let reason = reasons.get(scenario);
  if (reason === undefined) reasons.set(scenario, (reason = whyNot(scenario, firmwareFiles(dir))));
  return reason;
}

/**
 * Why a scenario cannot run faithfully here: a config file the MicroPython updater does not read,
 * or a board that starts with stand-ins over the updater's own files (then the real updater never
 * runs). Files a *release* ships over the updater's are fair game: the oracle judges what the
 * updater makes of them (boot-hook-kept.yaml, updater-replaces-itself.yaml).
 */
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

function whyNot(scenario: Scenario, firmware: ReadonlyMap<string, Uint8Array>): string | null {
  const configFile = scenario.device.configFile ?? 'ota_config.json';
  if (configFile !== 'ota_config.json') return `the board's config is ${configFile}; the MicroPython updater reads ota_config.json only (docs/device-platform.md)`;
  // e.g. hostile-manifest-path: "boot.py must stay absent" cannot hold where boot.py is the hook.
  const absent = Object.entries(scenario.expect.files ?? {}).filter(([p, c]) => c === null && firmware.has(p)).map(([p]) => p);
  if (absent.length > 0) return `the scenario expects ${absent.join(', ')} to be absent, but on this board that is the MicroPython updater's own file`;
  const rules = deviceRules(scenario);
  const initial = new Map<string, Uint8Array>();
  if (scenario.device.installed !== undefined) {
    for (const [p, bytes] of commitFiles(labelRepo(scenario), scenario.device.installed)) if (isManaged(p, rules)) initial.set(p, bytes);
  }
  for (const [p, content] of Object.entries(scenario.device.files ?? {})) initial.set(p, fileBytes(content));
  const hit = [...firmware].filter(([p, bytes]) => initial.has(p) && !sameBytes(initial.get(p)!, bytes)).map(([p]) => p);
  if (hit.length === 0) return null;
  return `the board starts with stand-ins over the MicroPython updater's own files (${hit.join(', ')}), so the real updater would not run`;
}

/**
 * Why the board (the updater's files plus the scenario's) cannot be put on the flash — a scenario
 * file where the updater needs a directory (`lib`), or more than the flash holds — or null. Such a
 * scenario is skipped with this reason instead of aborting the suite.
 */
const loadReasons = new Map<string, WeakMap<Scenario, string | null>>();

function unloadable(scenario: Scenario, dir: string, profile: MicroPythonTargetOptions['flash']): string | null {
  const key = `${dir}\0${profile ?? 'littlefs'}`;
  let reasons = loadReasons.get(key);
  if (!reasons) loadReasons.set(key, (reasons = new WeakMap()));
  let reason = reasons.get(scenario);
  if (reason === undefined) {
    const initial = new Map(firmwareFiles(dir));
    // Placeholder SHAs have the real ones' length, so sizes (all a load checks) are the real ones.
    for (const [p, bytes] of provision(scenario, () => '0'.repeat(40))) initial.set(p, bytes);
    try {
      new VirtualFlash({ profile }).load(initial);
      reason = null;
    } catch (err) {
      reason = `the board cannot be loaded with the MicroPython updater's files: ${(err as Error).message}`;
    }
    reasons.set(scenario, reason);
  }
  return reason;
}

/**
 * The updater's own files are the board's firmware: hidden from the oracle (which judges the
 * scenario's files) — except paths the scenario itself names, which it judges like any file.
 */
const hiddenCache = new WeakMap<Scenario, Map<string, Map<string, Uint8Array>>>();

function hiddenFirmware(scenario: Scenario, dir: string): Map<string, Uint8Array> {
  let byDir = hiddenCache.get(scenario);
  if (!byDir) hiddenCache.set(scenario, (byDir = new Map()));
  let hidden = byDir.get(dir);
  if (!hidden) {
    const named = new Set([...Object.keys(scenario.device.files ?? {}), ...Object.keys(scenario.expect.files ?? {})]);
    for (const repo of scenario.server.repos) for (const label of Object.keys(repo.commits)) for (const p of commitFiles(repo, label).keys()) named.add(p);
    hidden = new Map([...firmwareFiles(dir)].filter(([p]) => !named.has(p)));
    byDir.set(dir, hidden);
  }
  return hidden;
}

const pushed = <T>(list: T[], item: T): T => (list.push(item), item);

async function runMicroPython(scenario: Scenario, plan: RunPlan, options: MicroPythonTargetOptions, dir: string): Promise<RunResult> {
  const firmware = firmwareFiles(dir);
  const precompiled = options.precompiled ?? true;
  if (precompiled) await precompileFlashFiles(firmware);
  const hidden = hiddenFirmware(scenario, dir);
  const board = new SimBoard({ server: scenario.server, link: scenario.link, linkFaults: linkFaultsOf(plan.faults), profile: options.flash, flashTiming: options.flashTiming, rtc: scenario.device.rtc, battery: scenario.device.battery, batteryPercent: scenario.device.batteryPercent, ...(plan.keepNeighbours ? { sectorTears: false } : {}) });
  options.onBoard?.(board);
  const log: string[] = [];
  const say = (line: string) => log.push(`${(board.clock.elapsedUs / 1000).toFixed(1)}ms ${line}`);
  const clash = whyNotOf(scenario, dir);
  if (clash !== null) say(`note: ${clash}`);
  const initial = new Map(firmware);
  // The scenario's own files win a collision (cannotRun explains why such a run means little).
  for (const [p, bytes] of provision(scenario, shaOfFor(board, scenario))) initial.set(p, bytes);
  board.flash.load(initial);
  if (scenario.device.freeBytes !== undefined) board.flash.leaveFree(scenario.device.freeBytes);
  const unfired = armDeviceFaults(board, plan.faults);
  const view = (files: Map<string, Uint8Array>) => withoutFirmware(files, hidden);
  const boots: BootRecord[] = [];
  const versionWrites = watchVersionWrites(board, boots, view);
  const errorLogWrites = watchErrorLogWrites(board, boots);
  const step = async (record: BootRecord): Promise<'idle' | 'app-crash'> => {
    say(`boot ${record.index} (${record.cause})`);
    let model = null as AppModel | null; // set by `app` below
    const end = await bootMicroPython(board, {
      log: (line) => say(`py: ${line}`),
      timing: options.timing,
      precompiled,
      heap: options.heaps ? pushed(options.heaps, newHeapReport()) : undefined,
      batteryPercent: scenario.device.batteryPercent ?? null,
      onRecovered: () => {
        record.afterRecovery ??= view(boardState(board.flash));
        markPhase(board, 'update');
      },
      onOutcome: (o) => {
        record.outcome = o;
      },
      app: () => {
        markPhase(board, 'app');
        return (model = simApp(board.flash)) === 'healthy' ? CONFIRM_CODE : null;
      },
      onLed: (value) => say(`led: ${value}`),
    });
    if (model === 'hang') hang(board); // nothing ran: a hung app never gets to confirm
    if (end.app === 'crash' || end.appError !== '') {
      if (end.appError !== '') say(`app: raised ${end.appError}`);
      return 'app-crash';
    }
    return 'idle';
  };
  await bootLoop(board, plan.maxBoots, step, boots, (record) => say(`board stopped: ${record.end}`), recheckRule(scenario.idleRechecks));
  return runResult('micropython', board, boots, view, {
    versionWrites,
    errorLogWrites,
    unfired: unfired(),
    // Without keepLog: the device's own output and the board's events, the last 200 lines.
    log: options.keepLog ? log : log.filter((l) => / (py|app|note|led): |board stopped/.test(l)).slice(-200),
  });
}
