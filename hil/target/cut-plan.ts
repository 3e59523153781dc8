/**
 * How a run's cuts are made on a board. Where the host can switch the power (every driver but
 * manual) each cut at op K is a real power cut: the kit holds still before or after op K and asks
 * the host to cut; the host arms the next cut in its answer after the power-on, so a run may have
 * several (a scenario's own cut and the sweep's). On a manual rig the kit resets the board at the
 * op (one cut per run: a reset gives the host no moment to arm the next). A time-keyed cut is the
 * host switching the power at a wall time; a byte-keyed cut the host switching it when the LAN
 * fake GitHub has written that many body bytes of the matching response (byte-cuts.ts).
 */
import type { Fault } from '../../scenarios/types.ts';
import type { KitPort, RigBoard, RunRecord } from './board-target.ts';
import type { KitPlan } from './kit-port.ts';
import { byteCutMethod } from './byte-cuts.ts';

export interface CutPlan {
  /** The cut the run is reported under: the one the sweep added (a scenario's own cuts are part of every run). */
  record: RunRecord['cut'];
  /** Cuts at an op, in op order, as the kit makes them. */
  cuts: { op: number; mode: NonNullable<KitPlan['mode']> }[];
  /** power-cut-at-time: the host cycles the power this long (wall ms) after the run started. */
  atMs?: number;
  /** For reports: `power via <driver>` when the power is cut, the kit's reset otherwise; `none`. */
  method: string;
}

export function cutPlanOf(faults: readonly Fault[], board: Pick<RigBoard, 'cutsPower' | 'powerDriver'>, kit: Pick<KitPort, 'cutMethod'>, own: readonly Fault[] = []): CutPlan {
  const ownKeys = new Set(own.map((f) => JSON.stringify(f)));
  const added = faults.filter((f) => !ownKeys.has(JSON.stringify(f)));
  const methods: string[] = [];
  const cuts: CutPlan['cuts'] = [];
  for (const f of faults) {
    if (f.kind !== 'power-cut') continue;
    const after = f.mode === 'after';
    cuts.push({ op: f.op, mode: board.cutsPower ? (after ? 'power-after' : 'power') : after ? 'after' : 'before' });
  }
  // Same op: before comes first (the op never runs after a cut before it).
  cuts.sort((a, b) => a.op - b.op || Number(a.mode.endsWith('after')) - Number(b.mode.endsWith('after')));
  if (cuts.length > 0) methods.push(board.cutsPower ? `power via ${board.powerDriver} (the kit holds at the op; the next boot reads PWRON_RESET)` : kit.cutMethod);
  const t = faults.find((f) => f.kind === 'power-cut-at-time');
  if (t?.kind === 'power-cut-at-time') methods.push(`power via ${board.powerDriver} at ${t.atMs} ms of wall time after the run started`);
  for (const b of faults) {
    if (b.kind === 'power-cut-at-bytes') methods.push(byteCutMethod(board.powerDriver, b.afterBytes, b.urlIncludes ?? `the first body longer than that${b.nth !== undefined ? ` from request ${b.nth} on` : ''}`));
  }
  const c = added.find((f) => f.kind === 'power-cut');
  const ta = added.find((f) => f.kind === 'power-cut-at-time');
  const ba = added.find((f) => f.kind === 'power-cut-at-bytes');
  const record: RunRecord['cut'] =
    c?.kind === 'power-cut' ? { op: c.op, mode: c.mode ?? 'before' }
    : ta?.kind === 'power-cut-at-time' ? { atMs: ta.atMs }
    : ba?.kind === 'power-cut-at-bytes' ? { afterBytes: ba.afterBytes, ...(ba.urlIncludes !== undefined ? { urlIncludes: ba.urlIncludes } : {}) }
    : null;
  return { record, cuts, ...(t?.kind === 'power-cut-at-time' ? { atMs: t.atMs } : {}), method: methods.length > 0 ? methods.join('; ') : 'none' };
}

/** The kit's plan once `flashOps` ops ran: the next cut whose op is still ahead, if any. */
export function kitPlanAt(plan: CutPlan, flashOps: number, maxBoots: number): KitPlan {
  const next = plan.cuts.find((c) => c.op >= flashOps);
  return next ? { cutOp: next.op, mode: next.mode, maxBoots } : { maxBoots };
}
