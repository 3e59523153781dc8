/**
 * What every simulated target does around its updater: arm the plan's faults on the board, boot it
 * again and again — after a reset, a power cut, a watchdog bite, an app crash, or (like a board in
 * the field) a minute after a failed check — and read the run back for the oracle. A target only
 * supplies one boot of its updater.
 */
import type { SimBoard } from '../../sim/board.ts';
import { distinctCutModes } from '../../sim/flash/index.ts';
import type { LinkFault } from '../../sim/link/spec.ts';
import { DeviceReset, PowerLoss } from '../../sim/power.ts';
import type { BootRecord, RunResult } from '../target.ts';
import type { DeviceFault, Fault } from '../types.ts';

/** A failed check is repeated a virtual minute later, up to this many times in a row. */
export const RECHECK_AFTER_MS = 60_000;
export const RECHECKS_MAX = 3;

export const isDeviceFault = (f: Fault): f is DeviceFault => f.kind === 'power-cut' || f.kind === 'power-cut-at-time' || f.kind === 'flash-full';
export const linkFaultsOf = (faults: readonly Fault[]): LinkFault[] => faults.filter((f): f is LinkFault => !isDeviceFault(f));

/**
 * Arms the plan's device faults (link faults are armed with the board's link). Returns what the
 * run reports as `unfired`: the plan's faults (the very objects) that never fired — a cut whose op
 * never came, a full flash no op ran into, a timed cut after the run ended, a link fault no
 * request matched.
 */
export function armDeviceFaults(board: SimBoard, faults: readonly Fault[]): () => Fault[] {
  const device = faults.filter(isDeviceFault);
  board.flash.armCuts(device.flatMap((f) => (f.kind === 'power-cut' ? [{ op: f.op, mode: f.mode ?? 'before' }] : [])));
  const timed = new Set<Fault>();
  for (const f of device) {
    if (f.kind === 'flash-full') board.flash.armFull(f.op);
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
    return faults.filter((f) => {
      if (f.kind === 'power-cut') return armed.has(f.op);
      if (f.kind === 'flash-full') return !board.flash.fullFired;
      if (f.kind === 'power-cut-at-time') return !timed.has(f);
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

/** One boot of the target's updater and app: 'idle' or 'app-crash'; it sets `record.outcome`. */
export type BootStep = (record: BootRecord) => Promise<'idle' | 'app-crash'>;

/** Boots until idle (and no re-check is due) or `maxBoots`; records go into `boots` as they start. */
export async function bootLoop(board: SimBoard, maxBoots: number, step: BootStep, boots: BootRecord[], onStop?: (record: BootRecord) => void): Promise<BootRecord[]> {
  let cause: BootRecord['cause'] = 'power-on';
  let rechecks = 0;
  for (let index = 0; index < maxBoots; index++) {
    if (index > 0) board.powerOn(cause);
    markPhase(board, 'recovery', index);
    const record: BootRecord = { index, cause, afterRecovery: null, end: 'idle' };
    boots.push(record);
    try {
      if ((await step(record)) === 'idle') {
        if (!(record.outcome ?? '').startsWith('failed') || rechecks >= RECHECKS_MAX) break;
        rechecks++;
        board.clock.advance(RECHECK_AFTER_MS);
        cause = 'soft';
        continue;
      }
      record.end = 'app-crash';
      cause = 'watchdog'; // a crashed app stops feeding the watchdog
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
      onStop?.(record);
    }
  }
  return boots;
}

/** Snapshots the board's files (as `view` shows them) each time a write of version.json lands. */
export function watchVersionWrites(board: SimBoard, boots: readonly BootRecord[], view: (files: Map<string, Uint8Array>) => Map<string, Uint8Array>): NonNullable<RunResult['versionWrites']> {
  const writes: NonNullable<RunResult['versionWrites']> = [];
  board.flash.onOp = (op) => {
    if (op.kind === 'rename' && op.to === 'version.json') writes.push({ op: op.index, boot: boots.length - 1, files: view(board.flash.snapshot()) });
  };
  return writes;
}

/** The run as the oracle reads it; the board is powered on to read it (it may end halted). */
export function runResult(target: string, board: SimBoard, boots: BootRecord[], files: (m: Map<string, Uint8Array>) => Map<string, Uint8Array>, rest: Pick<RunResult, 'log' | 'versionWrites' | 'unfired'>): RunResult {
  board.power.powerOn();
  const at = phaseOf(board);
  return {
    target,
    files: files(board.flash.snapshot()),
    boots,
    flashOps: board.flash.opCount,
    ops: board.flash.opLog.map((op) => ({
      kind: op.kind,
      modes: distinctCutModes(board.flash.profile, op.kind),
      path: op.to === undefined ? op.path : `${op.path} -> ${op.to}`,
      ...at(op.index),
    })),
    requests: board.github.log.map((r) => ({ method: r.method, url: r.url, status: r.status, bodyBytes: r.bodyBytes, authorization: r.authorization ?? null })),
    watchdogResets: board.watchdog.bites,
    virtualTimeMs: board.clock.elapsedUs / 1000,
    ...rest,
  };
}
