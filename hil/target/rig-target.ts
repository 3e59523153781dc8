/**
 * A rig's boards as `board:<id>` targets: the rig file (or `virtual`), each board's serial port,
 * UART side channel, power driver and the LAN fake GitHub, wired to the board target. Everything
 * that fails on the rig's side becomes a TargetError (a rig error, never a verdict).
 */
import { existsSync } from 'node:fs';
import { openLink, type SerialLink } from '../serial/index.ts';
import { Repl, ReplError } from '../repl/index.ts';
import { deploy, dump, listBoards, openWhenBack, readIdentity, sha256Hex } from '../board/index.ts';
import { rigFor, resolveWifi, type BoardSpec, type Rig } from '../rig/index.ts';
import { powerCycle, powerDriverFor, PowerGroups, PowerError, groupOf } from '../power/index.ts';
import { startLan, lanCannot } from '../lan/index.ts';
import { startVirtualBoard, type VirtualBoard } from '../virtual/index.ts';
import { POWER_CUT_HOLD_MS, VIRTUAL_POWER_CUT_HOLD_MS } from './byte-cuts.ts';
import { firmwareFiles } from '../../sim/micropython/firmware.ts';
import { TargetError, type Target } from '../../scenarios/target.ts';
import { boardTarget, type BoardRepl, type RigBoard, type RunRecord } from './board-target.ts';
import { kitPort } from './kit-adapter.ts';
import type { Timeline } from '../report/timeline.ts';

export interface OpenedBoard {
  id: string;
  target: Target;
  /** What the certification names: rig, serial, port, power, MicroPython version, updater sha256. */
  facts(): Record<string, string>;
}

export interface OpenedRig {
  rig: Rig;
  boards: OpenedBoard[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Any rig-side failure as a TargetError with what happened. */
function rigFault(what: string, err: unknown): TargetError {
  if (err instanceof TargetError) return err;
  const e = err as Error;
  const kind = err instanceof ReplError ? `REPL ${err.kind}` : err instanceof PowerError ? 'power' : e.name;
  return new TargetError(`${what}: ${kind}: ${e.message}`);
}

async function guard<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw rigFault(what, err);
  }
}

/** sha256 over the updater's files (path, NUL, bytes, in path order): which updater was certified. */
export function updaterSha256(): string {
  const files = firmwareFiles();
  const parts: Uint8Array[] = [];
  for (const p of [...files.keys()].sort()) parts.push(new TextEncoder().encode(`${p}\0`), files.get(p)!);
  return sha256Hex(Buffer.concat(parts));
}

export async function openRig(arg: string, opts: { board?: string; onRun?: (r: RunRecord) => void } = {}): Promise<OpenedRig> {
  const rig = await rigFor(arg);
  const specs = opts.board === undefined ? rig.boards : rig.boards.filter((b) => b.id === opts.board);
  if (specs.length === 0) throw new Error(`--board ${opts.board}: no such board in ${rig.file} (boards: ${rig.boards.map((b) => b.id).join(', ')})`);
  const groups = new PowerGroups();
  const opened = specs.map((spec) => openBoard(rig, spec, groups, opts.onRun));
  return {
    rig,
    boards: opened.map((o) => ({ id: o.board.id, target: o.target, facts: () => o.board.about })),
    close: async () => {
      for (const o of opened) await o.target.close?.();
    },
  };
}

function openBoard(rig: Rig, spec: BoardSpec, groups: PowerGroups, onRun?: (r: RunRecord) => void): { board: RigBoard; target: Target } {
  const about: Record<string, string> = { rig: rig.file, board: spec.id, power: spec.power.driver, 'updater sha256': updaterSha256() };
  if (spec.serial) about['board serial'] = spec.serial;
  let virtual: VirtualBoard | null = null;
  let uart: SerialLink | null = null;
  let uartText = '';
  /** When each received chunk began in uartText (performance.now()), for the timeline. */
  const uartArrivals: { at: number; pos: number }[] = [];
  let waiters: (() => void)[] = [];
  let started: Promise<void> | null = null;
  let identified = false;

  const portOf = (): string | { serial: string } => (virtual ? virtual.portPath : spec.port ?? { serial: spec.serial! });
  const start = () =>
    (started ??= guard(`board ${spec.id}: start`, async () => {
      if (spec.power.driver === 'virtual') {
        virtual = await startVirtualBoard({ usbGoneMs: 300 });
        about['board serial'] = virtual.serial;
        about.port = virtual.portPath;
      } else if (spec.port) about.port = spec.port;
      const uartUrl = spec.uart ?? virtual?.uartUrl;
      if (uartUrl === undefined) throw new TargetError(`board ${spec.id} has no UART side channel: the kit reports on UART0 while USB is down (rig file key "uart"; docs/hil.md)`);
      about.uart = uartUrl;
      uart = await openLink(uartUrl);
      const decoder = new TextDecoder();
      uart.onData((b) => {
        uartArrivals.push({ at: performance.now(), pos: uartText.length });
        uartText += decoder.decode(b, { stream: true });
        for (const w of waiters) w();
      });
    }));

  const vanished = async (): Promise<boolean> => {
    for (let i = 0; i < 50; i++) {
      const port = portOf();
      const gone = typeof port === 'string' ? !existsSync(port) : !(await listBoards()).some((b) => b.serial === port.serial);
      if (gone) return true;
      await sleep(100);
    }
    return false;
  };
  const driver = () => powerDriverFor(spec, { vanished, ...(virtual ? { virtualBoard: virtual } : {}), groups });

  const reach = async (timeline: Timeline, timeoutMs = 20_000): Promise<BoardRepl> => {
    await start();
    const link = await guard(`board ${spec.id}: port`, () => openWhenBack(portOf(), { timeoutMs }));
    timeline.mark('usb', `port ${link.url} open`);
    const repl = await guard(`board ${spec.id}: raw REPL`, () => Repl.enter(link, { timeoutMs: 15_000 })).catch(async (e) => {
      await link.close();
      throw e;
    });
    timeline.mark('repl', 'raw REPL entered');
    void link.closed.then(() => timeline.mark('usb', 'port gone'));
    if (!identified) {
      identified = true;
      const id = await guard(`board ${spec.id}: identity`, () => readIdentity(repl));
      about.micropython = id.micropython;
      about.machine = id.machine;
      about['unique id'] = id.uniqueId;
    }
    return {
      exec: (code, t) => guard(`board ${spec.id}: exec`, () => repl.run(code, { timeoutMs: t ?? 20_000 })),
      deploy: (files) => guard(`board ${spec.id}: deploy`, async () => {
        const r = await deploy(repl, files, { clean: true });
        return { written: r.written.length, skipped: r.skipped.length };
      }),
      dump: () => guard(`board ${spec.id}: dump`, () => dump(repl)),
      reset: async () => {
        // The port vanishes mid-answer: a reset is sent, not awaited.
        await repl.exec('import machine\nmachine.reset()', { timeoutMs: 1500 }).catch(() => undefined);
      },
      close: async () => {
        await repl.leave({ timeoutMs: 1000 }).catch(() => undefined);
        await link.close().catch(() => undefined);
      },
    };
  };

  const wifi = resolveWifi(rig, process.env);
  const board: RigBoard = {
    id: spec.id,
    spec: { name: `board:${spec.id}`, flash: 'littlefs', rig: rig.file },
    about,
    ...(wifi ? { wifi } : {}),
    lanCannot,
    powerDriver: spec.power.driver,
    cutsPower: spec.power.driver !== 'manual',
    // The virtual board loses power at once; a real one is held off long enough to drain (byte-cuts.ts).
    cutHoldMs: spec.power.driver === 'virtual' ? VIRTUAL_POWER_CUT_HOLD_MS : POWER_CUT_HOLD_MS,
    startLan: (scenario, faults, timeline, onPowerCut) =>
      guard('LAN fake GitHub', async () => {
        const lan = await startLan({ scenario, faults, bind: rig.lan.bind, advertise: rig.lan.advertise, ...(rig.lan.port ? { port: rig.lan.port } : {}), ...(onPowerCut ? { onPowerCut } : {}) });
        timeline.mark('http', `LAN up: ${lan.apiBase}`);
        return { apiBase: lan.apiBase, rawBase: lan.rawBase, get requests() { return [...lan.requests]; }, get events() { return lan.events.filter((e) => e.kind !== 'listen'); }, unfired: () => lan.unfired(), close: () => lan.close() };
      }),
    powerCycle: async (_timeline, offMs) => {
      await start();
      const lease = groups.acquire(groupOf(spec), spec.id);
      try {
        const records = await guard(`board ${spec.id}: power`, () => powerCycle(driver(), offMs ?? (virtual ? 200 : undefined)));
        return records.map((r) => `${r.method} ${r.action} ${r.latencyMs.toFixed(0)} ms${r.verified ? '' : ' (unverified)'}`).join(', ');
      } finally {
        lease.release();
      }
    },
    reach,
    uartMark: () => uartText.length,
    uartText: (from) => uartText.slice(from),
    uartTimeAt: (pos) => {
      let at = NaN;
      for (const a of uartArrivals) if (a.pos <= pos) at = a.at;
      return at;
    },
    uartWait: (from, done, timeoutMs, quietMs) =>
      new Promise((resolve) => {
        let heard = performance.now();
        const check = () => {
          heard = performance.now();
          if (done(uartText.slice(from))) finish(true);
        };
        const finish = (v: true | 'silent' | 'timeout') => {
          clearTimeout(timer);
          clearInterval(silence);
          waiters = waiters.filter((w) => w !== check);
          resolve(v);
        };
        const timer = setTimeout(() => finish('timeout'), timeoutMs);
        const silence = setInterval(() => {
          if (performance.now() - heard > quietMs) finish('silent');
        }, 1000);
        waiters.push(check);
        check();
      }),
    uartWrite: (text) =>
      guard(`board ${spec.id}: UART write`, async () => {
        await start();
        const link = uart as SerialLink | null;
        if (link === null) throw new TargetError(`board ${spec.id}: the UART side channel is not open`);
        await link.write(new TextEncoder().encode(text));
      }),
    close: async () => {
      await (uart as SerialLink | null)?.close().catch(() => undefined);
      await (virtual as VirtualBoard | null)?.close().catch(() => undefined);
    },
  };
  return { board, target: boardTarget(board, kitPort(), { ...(onRun ? { onRun } : {}) }) };
}
