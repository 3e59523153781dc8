/**
 * The host's part while a run goes on: it reads the kit's events on the UART side channel until
 * the run ends, and acts on them — a power cut the kit asks for (mode power: it holds still before
 * op K) becomes a real power cycle; the kit's `ask` after every power-on is answered with the run so
 * far (kitAnswer) on UART0 RX; a time-keyed cut cycles the power `cutAtMs` of wall time after the
 * run started; a byte-keyed cut the LAN asks for (byte-cuts.ts) cycles it with the power held off
 * the board's `cutHoldMs`. Power actions run one at a time and never block the reading: the kit waits only
 * ASK_MS (300 ms) for its answer, so the ask of a power-on must be answered while the driver's
 * `on` may still be returning.
 */
import type { Timeline } from '../report/timeline.ts';
import type { KitPort, RigBoard } from './board-target.ts';
import type { KitPlan } from './kit-port.ts';
import { byteCutMethod, type ByteCuts } from './byte-cuts.ts';

export interface DriveOptions {
  /** UART position where this run's text starts. */
  from: number;
  /** The kit's plan once `flashOps` ops ran (the next cut still ahead); answers re-arm the kit with it. */
  kitPlan: (flashOps: number) => KitPlan;
  /** 'power': the run starts with a power cycle (boot 0 reads power-on); 'reset': the caller already reset the board. */
  start: 'power' | 'reset';
  /** Cut the power this long (wall ms) after the run started (the power-on of boot 0, or the reset). */
  cutAtMs?: number;
  /** Byte-keyed cuts the run's LAN asks for. */
  byteCuts?: ByteCuts;
  budgetMs: number;
  quietMs: number;
  timeline: Timeline;
}

export interface DriveResult {
  ended: true | 'silent' | 'timeout';
  /** Power cycles made for the kit's cut requests (mode power). */
  kitCuts: number;
  timedCutFired: boolean;
  /** Power cycles made for byte-keyed cuts. */
  byteCuts: number;
  asksAnswered: number;
}

export async function driveRun(board: RigBoard, kit: KitPort, o: DriveOptions): Promise<DriveResult> {
  const result: DriveResult = { ended: 'timeout', kitCuts: 0, timedCutFired: false, byteCuts: 0, asksAnswered: 0 };
  let power: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  let over = false;
  /** Queues a power cycle; resolves when it is done (a failure is kept and thrown at the end). */
  const cycle = (why: string, offMs?: number): Promise<void> =>
    (power = power.then(async () => {
      if (over) return;
      try {
        o.timeline.mark('power', `${why}: ${await board.powerCycle(o.timeline, offMs)}`);
      } catch (err) {
        failure ??= err;
      }
    }));
  let timer: NodeJS.Timeout | null = null;
  const armTimer = () => {
    if (o.cutAtMs === undefined || over) return;
    timer = setTimeout(() => {
      if (over) return;
      result.timedCutFired = true;
      o.timeline.mark('power', `time-keyed cut: ${o.cutAtMs} ms of wall time after the run started`, { bad: true });
      void cycle('cut at time');
    }, o.cutAtMs);
  };
  o.byteCuts?.attach(async (cut) => {
    if (over) return;
    result.byteCuts++;
    const how = byteCutMethod(board.powerDriver, cut.afterBytes, cut.url);
    o.timeline.mark('power', `byte-keyed cut: ${how}`, { bad: true });
    await cycle(`cut at bytes, power held off ${board.cutHoldMs} ms`, board.cutHoldMs);
  });
  if (o.start === 'power') void cycle('run starts with a power cycle').then(armTimer);
  else armTimer();

  let asks = 0;
  let cuts = 0;
  const deadline = performance.now() + o.budgetMs;
  try {
    for (;;) {
      const pending = (t: string) => {
        const p = kit.progress(t);
        return p.asks > asks || p.powerCuts > cuts || kit.ended(t);
      };
      const r = await board.uartWait(o.from, pending, Math.max(0, deadline - performance.now()), o.quietMs);
      if (r !== true) {
        result.ended = r;
        break;
      }
      const text = board.uartText(o.from);
      const p = kit.progress(text);
      if (p.asks > asks) {
        asks = p.asks;
        // Only the newest ask can still be waiting: an older one timed out (the kit went unarmed).
        await board.uartWrite(kit.answer(text, o.kitPlan(p.flashOps)));
        result.asksAnswered++;
        o.timeline.mark('kit', `answered the kit's ask after a power-on (${asks})`);
        continue;
      }
      if (p.powerCuts > cuts) {
        cuts = p.powerCuts;
        result.kitCuts++;
        void cycle('cut asked by the kit');
        continue;
      }
      result.ended = true;
      break;
    }
  } finally {
    over = true;
    if (timer) clearTimeout(timer);
    await power;
  }
  if (failure !== null) throw failure;
  return result;
}
