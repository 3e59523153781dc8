/**
 * What every simulated target does around its updater: arm the plan's faults on the board, boot it
 * again and again — after a reset, a power cut, a watchdog bite, an app crash, or (like a board in
 * the field) a minute after a failed check — and read the run back for the oracle. A target only
 * supplies one boot of its updater.
 */
import { Buffer } from 'node:buffer';
import type { SimBoard } from '../../sim/board.ts';
import { distinctCutModes, type VirtualFlash } from '../../sim/flash/index.ts';
import type { LinkFault } from '../../sim/link/spec.ts';
import { AppHung, runHealthy } from '../../sim/app.ts';
import { DeviceReset, PowerLoss } from '../../sim/power.ts';
import { withEmptyDirs } from '../state/empty-dirs.ts';
import type { BootRecord, RunResult } from '../target.ts';
import type { DeviceFault, Fault } from '../types.ts';
import { EveryBootCuts, isEveryBootCut } from './every-boot.ts';
import { decodeLed } from '../../sim/led/decode.ts';

/** A failed check is repeated a virtual minute later, up to this many times in a row. */
export const RECHECK_AFTER_MS = 60_000;
export const RECHECKS_MAX = 3;

export const isDeviceFault = (f: Fault): f is DeviceFault => f.kind === 'power-cut' || f.kind === 'power-cut-at-time' || f.kind === 'flash-full' || f.kind === 'brownout';
export const linkFaultsOf = (faults: readonly Fault[]): LinkFault[] => faults.filter((f): f is LinkFault => !isDeviceFault(f));

/** Per board, the first op from which a flash-full fault makes the flash refuse new data. */
const fullFrom = new WeakMap<SimBoard, number>();

/** Per board, its cuts at the same step of every boot (armed as each boot starts). */
const everyBoot = new WeakMap<SimBoard, EveryBootCuts>();

/**
 * Arms the plan's device faults (link faults are armed with the board's link). Returns what the
 * run reports as `unfired`: the plan's faults (the very objects) that never fired — a cut whose op
 * never came (on no boot, for a cut at the same step of every boot), a full flash no op ran into,
 * a timed cut after the run ended, a link fault no request matched.
 */
export function armDeviceFaults(board: SimBoard, faults: readonly Fault[]): () => Fault[] {
  const device = faults.filter(isDeviceFault);
  const full = device.flatMap((f) => (f.kind === 'flash-full' ? [f.op] : []));
  // The flash is full from the earliest of them on (a later one armed last must not postpone it:
  // a drawn flash-full once moved a scenario's own fault past its commit).
  if (full.length > 0) {
    fullFrom.set(board, Math.min(...full));
    board.flash.armFull(Math.min(...full));
  }
  const perBoot = new EveryBootCuts(board, device, () => {
    const from = fullFrom.get(board);
    if (from !== undefined) board.flash.armFull(from);
  });
  if (perBoot.any) everyBoot.set(board, perBoot);
  board.flash.armCuts(device.flatMap((f) => (f.kind === 'power-cut' && !isEveryBootCut(f) ? [{ op: f.op, mode: f.mode ?? 'before' }] : [])));
  const spikes = device.flatMap((f) => (f.kind === 'brownout' ? [f] : []));
  for (const f of spikes) board.armBrownout(f.op, f.amps ?? 1);
  const timed = new Set<Fault>();
  for (const f of device) {
    if (f.kind === 'power-cut-at-time') {
      board.clock.setTimer(f.atMs, () => {
        timed.add(f);
        board.power.halt('power-cut');
      });
    }
  }
  return () => {
    const armed = new Set(board.flash.armedCuts.map((c) => c.op));
    const link = new Set<Fault>(board.link.unfired());
    const perBootUnfired = new Set<Fault>(everyBoot.get(board)?.unfired() ?? []);
    return faults.filter((f) => {
      if (f.kind === 'power-cut') return isEveryBootCut(f) ? perBootUnfired.has(f) : armed.has(f.op);
      if (f.kind === 'flash-full') return !board.flash.fullFired;
      if (f.kind === 'power-cut-at-time') return !timed.has(f);
      if (f.kind === 'brownout') return !board.brownouts.includes(f.op);
      return link.has(f);
    });
  };
}

/**
 * Where in a boot an op ran: boot-time `recovery`, then the `update` check, then `app` (the app and
 * the trial's confirmation after it). Marks are set as each part starts, read back per op, so a
 * user can aim a power cut (`sim run --ops`).
 */
export type BootPhase = 'recovery' | 'update' | 'app';

const phaseMarks = new WeakMap<SimBoard, { op: number; boot: number; phase: BootPhase }[]>();

/** Ops from now on belong to `phase` of the current boot (targets call it as their parts start). */
export function markPhase(board: SimBoard, phase: BootPhase, boot?: number): void {
  let marks = phaseMarks.get(board);
  if (!marks) phaseMarks.set(board, (marks = []));
  marks.push({ op: board.flash.opCount, boot: boot ?? marks.at(-1)?.boot ?? 0, phase });
}

function phaseOf(board: SimBoard): (op: number) => { boot: number; phase: BootPhase } {
  const marks = phaseMarks.get(board) ?? [];
  let i = 0;
  // Ops are read in order, so one pass over the marks suffices.
  return (op) => {
    while (i + 1 < marks.length && marks[i + 1]!.op <= op) i++;
    const m = marks[i];
    return m === undefined || m.op > op ? { boot: 0, phase: 'recovery' } : { boot: m.boot, phase: m.phase };
  };
}

/**
 * One boot of the target's updater and app: 'idle' or 'app-crash' (a hung app throws AppHung, see
 * sim/app.ts `hang`); it sets `record.outcome`.
 */
export type BootStep = (record: BootRecord) => Promise<'idle' | 'app-crash'>;

/** Boots until idle (and no re-check is due) or `maxBoots`; records go into `boots` as they start. */
/**
 * Whether an idle boot is followed by another check a virtual minute later. Default: our updater's
 * rule, its check failed (outcome `failed…`) or is backing off after failures (`deferred: backing
 * off…`), at most RECHECKS_MAX in a row. A foreign updater
 * reports no outcome, so foreign.ts decides from what the flash did (target-neutral).
 */
export type Recheck = (record: BootRecord, rechecksSoFar: number) => boolean;

/**
 * A check still owed: it failed, or it is backing off after failures (issue 9; the app checks
 * again later, as after a failure — a power cut right after a failed check lands in the backoff).
 */
const owed = (outcome: string) => outcome.startsWith('failed') || outcome.startsWith('deferred: backing off');

const recheckFailed: Recheck = (record, n) => owed(record.outcome ?? '') && n < RECHECKS_MAX;

/**
 * Our updater's rule plus the scenario's `idleRechecks`: that many more checks after idle boots
 * the rule does not re-check (the app's periodic re-check; polite-polling scenarios).
 */
export function recheckRule(idleRechecks = 0): Recheck {
  let idle = 0;
  return (record, n) => {
    if (recheckFailed(record, n)) return true;
    // Past RECHECKS_MAX an owed check may use an idle re-check too (a sweep's cut can add some).
    if (idle >= idleRechecks) return false;
    idle++;
    return true;
  };
}

export async function bootLoop(board: SimBoard, maxBoots: number, step: BootStep, boots: BootRecord[], onStop?: (record: BootRecord) => void, recheck: Recheck = recheckFailed): Promise<BootRecord[]> {
  let cause: BootRecord['cause'] = 'power-on';
  let rechecks = 0;
  for (let index = 0; index < maxBoots; index++) {
    if (index > 0) board.powerOn(cause);
    for (const hook of onBootStart.get(board) ?? []) hook();
    everyBoot.get(board)?.beginBoot(index, maxBoots);
    markPhase(board, 'recovery', index);
    // What the board reports (rp2: a hard reset reads as a watchdog reset).
    const record: BootRecord = { index, cause: board.resetCause, afterRecovery: null, end: 'idle' };
    boots.push(record);
    try {
      if ((await step(record)) === 'idle') {
        if (!recheck(record, rechecks)) break;
        rechecks++;
        // The app runs (and feeds the watchdog the updater started, which a soft reset keeps).
        runHealthy(board, RECHECK_AFTER_MS);
        cause = 'soft';
        continue;
      }
      record.end = 'app-crash';
      cause = 'watchdog'; // a crashed app stops feeding the watchdog
    } catch (err) {
      if (err instanceof AppHung) {
        record.end = 'app-hang';
        onStop?.(record);
        if (!err.bitten) break; // no watchdog runs: the board stays hung for good
        cause = 'watchdog';
        continue;
      }
      if (err instanceof PowerLoss) {
        record.end = err.reason === 'watchdog' ? 'watchdog' : 'power-cut';
        cause = err.reason === 'watchdog' ? 'watchdog' : 'power-on';
      } else if (err instanceof DeviceReset) {
        record.end = 'reset';
        cause = err.mode;
      } else {
        throw err;
      }
      onStop?.(record);
    }
  }
  everyBoot.get(board)?.end();
  for (const hook of onBootStart.get(board) ?? []) hook();
  return boots;
}

/** The board as the oracle reads it: every file, and a `dir/` marker for each empty directory (state/empty-dirs.ts). */
export function boardState(flash: VirtualFlash): Map<string, Uint8Array> {
  return withEmptyDirs(flash.snapshot(), flash.dirs());
}

/** Snapshots the board's files (as `view` shows them) each time a write of version.json lands. */
export function watchVersionWrites(board: SimBoard, boots: readonly BootRecord[], view: (files: Map<string, Uint8Array>) => Map<string, Uint8Array>): NonNullable<RunResult['versionWrites']> {
  const writes: NonNullable<RunResult['versionWrites']> = [];
  board.flash.onOp = (op) => {
    if (op.kind === 'rename' && op.to === 'version.json') writes.push({ op: op.index, boot: boots.length - 1, files: view(boardState(board.flash)) });
  };
  return writes;
}

/** Whether the flash refuses new data at the end of the run: a flash-full fault fired, or less than a block is free. */
function flashRefusesData(board: SimBoard): boolean {
  const from = fullFrom.get(board);
  if (from !== undefined && from < board.flash.opCount) return true;
  return board.flash.capacityBytes - board.flash.usedBytes < board.flash.profile.blockSizeBytes;
}

/** Per board, what the run's watchers do as each boot starts and once the run is over. */
const onBootStart = new WeakMap<SimBoard, (() => void)[]>();

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) => a === b || (a !== undefined && b !== undefined && Buffer.compare(a, b) === 0);

/**
 * Records ota_error.json each time a write of it lands (op index, boot, bytes): the oracle checks
 * that each rewrite keeps the newest records of the one before. A write whose rename landed just
 * before a cut reports no op, so the file is also compared as each boot starts (and at the end)
 * and recorded when it changed unseen. Chains any hook already set.
 */
export function watchErrorLogWrites(board: SimBoard, boots: readonly BootRecord[]): NonNullable<RunResult['errorLogWrites']> {
  const writes: NonNullable<RunResult['errorLogWrites']> = [];
  const read = () => board.flash.snapshot().get('ota_error.json');
  let last = read();
  const previous = board.flash.onOp;
  board.flash.onOp = (op) => {
    previous?.(op);
    if (op.kind !== 'rename' || op.to !== 'ota_error.json') return;
    last = read();
    if (last !== undefined) writes.push({ op: op.index, boot: boots.length - 1, bytes: last });
  };
  const hooks = onBootStart.get(board) ?? [];
  hooks.push(() => {
    const now = read();
    if (sameBytes(now, last)) return;
    last = now;
    if (now !== undefined) writes.push({ op: board.flash.opCount - 1, boot: Math.max(0, boots.length - 1), bytes: now });
  });
  onBootStart.set(board, hooks);
  return writes;
}

/** The run as the oracle reads it; the board is powered on to read it (it may end halted). */
export function runResult(target: string, board: SimBoard, boots: BootRecord[], files: (m: Map<string, Uint8Array>) => Map<string, Uint8Array>, rest: Pick<RunResult, 'log' | 'versionWrites' | 'errorLogWrites' | 'unfired'>): RunResult {
  board.power.powerOn();
  const at = phaseOf(board);
  return {
    target,
    files: files(boardState(board.flash)),
    boots,
    flashOps: board.flash.opCount,
    ops: board.flash.opLog.map((op) => ({
      kind: op.kind,
      modes: distinctCutModes(board.flash.profile, op.kind),
      path: op.to === undefined ? op.path : `${op.path} -> ${op.to}`,
      ...at(op.index),
    })),
    // The link's log, not the server's: a request a link fault answered was still made.
    requests: board.link.log.map((r) => ({ method: r.method, url: r.url, status: r.status, bodyBytes: r.bodyBytes, authorization: r.authorization ?? null, ...(r.fault ? { fault: r.fault } : {}), ...(r.refusedBody ? { refusedBody: r.refusedBody } : {}), ...(r.range !== undefined ? { range: r.range } : {}), ...(r.wireBytes !== undefined ? { wireBytes: r.wireBytes } : {}) })),
    flashWrites: [...board.flash.writes],
    fsLosses: board.flash.losses.map((l) => ({ op: l.op, paths: [...l.paths] })),
    // Bites while the updater ran; an app hang the scenario asked for is its own boot end.
    watchdogResets: boots.filter((b) => b.end === 'watchdog').length,
    maxFeedGapMs: board.watchdog.maxFeedGapMs,
    virtualTimeMs: board.clock.elapsedUs / 1000,
    flashFull: flashRefusesData(board),
    led: decodeLed(board.led.writes, board.clock.elapsedUs),
    ...rest,
  };
}
