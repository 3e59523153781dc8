/**
 * Test support: the kit on the simulator's virtual Pico W (sim/micropython), no hardware; the
 * registers and UART come from test-hardware.ts (mocked into the interpreter by the test file).
 * `runKitOnSim` boots the real device/ updater with the kit's boot.py like a board would be booted:
 * after a reset the next boot, until boot.py returns (the kit ended the run, or it is unarmed).
 */
import { DeviceReset, PowerLoss } from '../../sim/power.ts';
import { SimBoard } from '../../sim/board.ts';
import type { CutPoint, FlashOp } from '../../sim/flash/index.ts';
import { DEVICE_DIR, firmwareFiles } from '../../sim/micropython/firmware.ts';
import { bootMicroPython, newHeapReport, type HeapReport } from '../../sim/micropython/host.ts';
import { withInterpreter } from '../../sim/micropython/interpreter.ts';
import { precompileFlashFiles } from '../../sim/micropython/precompiled.ts';
import { provision } from '../../scenarios/state/index.ts';
import { linkFaultsOf } from '../../scenarios/targets/board-run.ts';
import { shaOfFor } from '../../scenarios/targets/ts.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { hw } from './test-hardware.ts';
import { kitAnswer, kitBootPy, kitFiles, kitRegisters, parseKitEvents, type KitEvent, type KitPlan } from './index.ts';

export interface KitSimOptions {
  /** Armed into the registers before the first boot; absent: unarmed. */
  plan?: KitPlan;
  /** The simulator's own power cuts (the reference a kit cut is compared with). */
  simCuts?: CutPoint[];
  /** Boots at most (a guard: the kit's budget should end the run first). */
  bootLimit?: number;
  /** Stop after this many boots that ended in a cut (a kit cut or a sim power cut) plus one more boot. */
  stopAfterCutPlusOne?: boolean;
  log?: (line: string) => void;
  /**
   * Act as the host listening on UART0: after every power-on (the first boot included) answer the
   * kit's ask with the run so far (kitAnswer) for this plan, instead of arming the registers.
   */
  answer?: KitPlan;
  /** Each boot's heap samples are appended (slow; for measuring what the kit costs). */
  heaps?: HeapReport[];
  /** More files on the flash (e.g. the kit's hold file). */
  extraFiles?: Record<string, string>;
}

export interface KitSimStop {
  boot: number;
  by: 'kit-cut' | 'power-cut' | 'watchdog' | 'reset';
  files: Map<string, Uint8Array>;
  dirs: string[];
}

export interface KitSimRun {
  events: KitEvent[];
  uart: string;
  board: SimBoard;
  opLog: FlashOp[];
  stops: KitSimStop[];
  boots: number;
  registers: number[];
}

/** The device/ updater's files with the kit installed, plus the scenario's (theirs win, as on the micropython target). */
export function kitFlash(board: SimBoard, scenario: Scenario): Map<string, Uint8Array> {
  const files = new Map(firmwareFiles(DEVICE_DIR));
  files.set('boot.py', kitBootPy(files.get('boot.py')!));
  for (const [p, b] of kitFiles()) files.set(p, b);
  for (const [p, b] of provision(scenario, shaOfFor(board, scenario))) files.set(p, b);
  return files;
}

export async function runKitOnSim(scenario: Scenario, options: KitSimOptions = {}): Promise<KitSimRun> {
  // Power cuts at an op (the host cutting real power there) only when the harness answers the
  // kit's ask after them, as a host would; other device faults are not modelled here.
  const cuts = (scenario.faults ?? []).flatMap((f) => (f.kind === 'power-cut' && !f.everyBoot && options.answer ? [{ op: f.op, mode: f.mode ?? 'before' }] : []));
  if ((scenario.faults ?? []).some((f) => (f.kind === 'power-cut' && (f.everyBoot || !options.answer)) || f.kind === 'power-cut-at-time' || f.kind === 'flash-full')) {
    throw new Error(`Failed to run ${scenario.name} with the kit harness: it has device faults this harness does not model`);
  }
  const board = new SimBoard({ server: scenario.server, link: scenario.link, linkFaults: linkFaultsOf(scenario.faults ?? []), rtc: scenario.device.rtc });
  const files = kitFlash(board, scenario);
  for (const [p, t] of Object.entries(options.extraFiles ?? {})) files.set(p, new TextEncoder().encode(t));
  await precompileFlashFiles(files);
  board.flash.load(files);
  if (scenario.device.freeBytes !== undefined) board.flash.leaveFree(scenario.device.freeBytes);
  board.flash.armCuts([...cuts, ...(options.simCuts ?? [])]);
  hw.regs = options.plan ? [...kitRegisters(options.plan)] : [0, 0, 0, 0];
  hw.uart = '';
  hw.rx = '';
  // The host cuts the power the moment the kit asks for it (mode power).
  hw.onLine = (line) => {
    const e = parseKitEvents(line)[0];
    if (e?.ev === 'cut' && e.mode === 'power') {
      board.power.halt('power-cut');
      throw new PowerLoss('power-cut');
    }
  };
  const stops: KitSimStop[] = [];
  const limit = options.bootLimit ?? 40;
  let boots = 0;
  let cutBoot = -1;
  await withInterpreter(async () => {
    let cause: 'power-on' | 'watchdog' | 'soft' | 'hard' = 'power-on';
    for (let n = 0; n < limit; n++) {
      if (n > 0) board.powerOn(cause);
      // The host hears the ask at once; answering before the boot is the same to the kit.
      hw.rx = options.answer && cause === 'power-on' ? kitAnswer(parseKitEvents(hw.uart), options.answer) : '';
      boots++;
      const uartBefore = hw.uart.length;
      let stopped: unknown = null;
      try {
        const heap = options.heaps ? newHeapReport() : undefined;
        if (heap) options.heaps!.push(heap);
        await bootMicroPython(board, { log: options.log ?? (() => {}), onRecovered: () => {}, onOutcome: () => {}, heap });
      } catch (err) {
        stopped = err;
      }
      if (stopped === null) break; // boot.py returned: the kit ended the run (or is unarmed)
      const snap = () => ({ boot: n, files: board.flash.snapshot(), dirs: board.flash.dirs() });
      if (stopped instanceof PowerLoss) {
        const by = stopped.reason === 'watchdog' ? 'watchdog' : 'power-cut';
        stops.push({ ...snap(), by });
        cause = by === 'watchdog' ? 'watchdog' : 'power-on';
        if (cause === 'power-on') hw.regs = [0, 0, 0, 0]; // scratch registers do not survive a power-on
        if (by === 'power-cut') cutBoot = n;
      } else if (stopped instanceof DeviceReset) {
        const kitCut = parseKitEvents(hw.uart.slice(uartBefore)).some((e) => e.ev === 'cut');
        stops.push({ ...snap(), by: kitCut ? 'kit-cut' : 'reset' });
        if (kitCut) cutBoot = n;
        cause = stopped.mode;
      } else throw stopped;
      if (options.stopAfterCutPlusOne && cutBoot >= 0 && n > cutBoot) break;
    }
  });
  return { events: parseKitEvents(hw.uart), uart: hw.uart, board, opLog: [...board.flash.opLog], stops, boots, registers: [...hw.regs] };
}
