/**
 * Host side of the on-board test kit (otalab_kit.py): the files to deploy, the boot.py that
 * installs it, arming its watchdog scratch registers over the REPL, the hold switch, and reading
 * its `#kit1 {json}` event lines from the UART side channel back into boots and ops.
 *
 * Register layout (rp2 WATCHDOG_BASE + SCRATCH0..3 = 0x4005800C + 4*i; they survive
 * machine.reset() and soft resets, and read 0 after a power-on, which leaves the kit unarmed):
 *   R0  flash ops counted so far in this run (the next op's index)
 *   R1  bits 0..15 boots started, 16..23 rechecks done, bit 24 a watchdog runs, bit 25 run ended
 *   R2  0 = no cut; else bit 31 = after the op (else before), bit 30 = the host cuts the power;
 *       bits 0..29 = cut op K + 1
 *   R3  bits 16..31 magic 0x4B54, 8..15 recheck delay in 100 ms units (255 = 60 s), 0..7 maxBoots
 */
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { FLASH_PROFILES, distinctCutModes, type CutMode } from '../../sim/flash/index.ts';

export const KIT_DIR = import.meta.dirname;
export const SCRATCH0 = 0x4005800c;
export const KIT_MAGIC = 0x4b54;
/** Recheck delay code meaning board-run.ts's minute (RECHECK_AFTER_MS). */
export const RECHECK_DEFAULT_CODE = 255;
export const KIT_FILES = ['lib/otalab_kit.py', 'lib/otalab_hooks.py'] as const;
export const HOLD_PATH = '.otalab_kit/hold';
const EVENT_PREFIX = '#kit1 ';

/** The kit's files by flash path (relative to the flash root). */
export function kitFiles(): Map<string, Uint8Array> {
  return new Map(KIT_FILES.map((p) => [p, new Uint8Array(readFileSync(join(KIT_DIR, p.slice('lib/'.length))))]));
}

/** True for a path the kit owns (its files, compiled twins, its hold directory): hidden from the oracle. */
export function isKitPath(p: string): boolean {
  return p === '.otalab_kit' || p === '.otalab_kit/' || p.startsWith('.otalab_kit/') || /^lib\/otalab_(kit|hooks)\.m?py$/.test(p);
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * The deployed boot.py: the kit first (it may end the boot: held, budget spent, run over), the
 * device's boot.py inside a try (a failure there is reported and the app still runs, as the
 * firmware goes on to main.py), then the kit's app model, which ends the boot.
 */
export function kitBootPy(deviceBootPy: Uint8Array): Uint8Array {
  const src = text.decode(deviceBootPy).replace(/\r\n/g, '\n');
  // Indenting would change the bytes of a multi-line string literal.
  if (src.includes('"""') || src.includes("'''")) throw new Error('Failed to wrap boot.py for the kit: it has a triple-quoted string, which indenting would alter');
  const body = src
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : `    ${l}`))
    .join('\n')
    .trimEnd();
  return utf8.encode(
    [
      'import otalab_kit  # hil/kit: counts flash ops; ends the boot when held or out of budget',
      'try:',
      body === '' ? '    pass' : body,
      'except Exception as _kit_e:',
      '    otalab_kit.boot_error(_kit_e)',
      'otalab_kit.app()',
      '',
    ].join('\n'),
  );
}

/** The board's files as the oracle sees them: kit files dropped, the kit's boot.py read as the device's. */
export function withoutKit(files: ReadonlyMap<string, Uint8Array>, deviceBootPy: Uint8Array): Map<string, Uint8Array> {
  const deployed = kitBootPy(deviceBootPy);
  const out = new Map<string, Uint8Array>();
  for (const [p, b] of files) {
    if (isKitPath(p)) continue;
    out.set(p, p === 'boot.py' && Buffer.compare(b, deployed) === 0 ? deviceBootPy : b);
  }
  return out;
}

export interface KitPlan {
  /** Reset at this flash op (0-based over the whole run, as the simulator's power-cut op). */
  cutOp?: number;
  /**
   * before/after: the kit resets the board (machine.reset()) before or after op K. power /
   * power-after: before / after op K the kit emits `cut` with mode power and holds still; the host
   * cuts the real power (a power-on follows, as after the simulator's cut; answer the kit's ask
   * with kitAnswer).
   */
  mode?: 'before' | 'after' | 'power' | 'power-after';
  maxBoots: number;
  /**
   * Delay before a failed check is repeated. Default 60 000 (board-run.ts's virtual minute, a REAL
   * minute on a board); a lab sets 0–1000 and says so in its report. 100 ms steps, at most 25 400.
   */
  recheckMs?: number;
}

/** R0..R3 for a plan (see the layout at the top). */
export function kitRegisters(plan: KitPlan): [number, number, number, number] {
  if (!Number.isInteger(plan.maxBoots) || plan.maxBoots < 1 || plan.maxBoots > 255) throw new Error(`Failed to arm the kit: maxBoots must be 1..255, got ${plan.maxBoots}`);
  let r2 = 0;
  if (plan.cutOp !== undefined) {
    if (!Number.isInteger(plan.cutOp) || plan.cutOp < 0 || plan.cutOp >= 0x3ffffffe) throw new Error(`Failed to arm the kit: cutOp must be an integer 0..${0x3ffffffd}, got ${plan.cutOp}`);
    const after = plan.mode === 'after' || plan.mode === 'power-after' ? 0x80000000 : 0;
    const power = plan.mode === 'power' || plan.mode === 'power-after' ? 0x40000000 : 0;
    r2 = (after | power | (plan.cutOp + 1)) >>> 0;
  } else if (plan.mode !== undefined) throw new Error('Failed to arm the kit: a cut mode without cutOp');
  let code = RECHECK_DEFAULT_CODE;
  if (plan.recheckMs !== undefined && plan.recheckMs !== 60_000) {
    code = Math.round(plan.recheckMs / 100);
    if (!(code >= 0 && code <= 254)) throw new Error(`Failed to arm the kit: recheckMs must be 0..25400 (or 60000), got ${plan.recheckMs}`);
  }
  const r3 = ((KIT_MAGIC << 16) | (code << 8) | plan.maxBoots) >>> 0;
  return [0, 0, r2, r3];
}

/** Runs Python on the board over the REPL and answers its printed output. */
export type ReplExec = (code: string) => Promise<string>;

const regAddr = (i: number) => `0x${(SCRATCH0 + 4 * i).toString(16)}`;

/**
 * Writes the plan into the scratch registers and reads them back (throws on a mismatch). The run
 * starts with the next `machine.reset()` (a watchdog reboot keeps them; a power cycle clears them).
 */
export async function armKit(exec: ReplExec, plan: KitPlan): Promise<{ registers: number[] }> {
  const regs = kitRegisters(plan);
  const code = [
    'import machine',
    ...regs.map((v, i) => `machine.mem32[${regAddr(i)}] = ${v}`),
    `print('kit-regs', ${regs.map((_, i) => `machine.mem32[${regAddr(i)}] & 0xFFFFFFFF`).join(', ')})`,
  ].join('\n');
  const out = await exec(code);
  const m = /kit-regs ((?:\d+ ?){4})/.exec(out);
  const got = m ? m[1]!.trim().split(' ').map(Number) : null;
  if (got === null || got.some((v, i) => v !== regs[i])) throw new Error(`Failed to arm the kit: the scratch registers read back ${got ? got.join(' ') : JSON.stringify(out.slice(0, 200))}, expected ${regs.join(' ')}`);
  return { registers: regs };
}

/** Creates (on) or removes (off) `.otalab_kit/hold`: while it exists boot.py only reports `held`. */
export async function holdKit(exec: ReplExec, on: boolean): Promise<void> {
  const code = on
    ? ["import os", "try:\n    os.mkdir('.otalab_kit')\nexcept OSError:\n    pass", `f = open('${HOLD_PATH}', 'wb')\nf.close()`]
    : ["import os", `for p in ('${HOLD_PATH}',):\n    try:\n        os.remove(p)\n    except OSError:\n        pass`, "try:\n    os.rmdir('.otalab_kit')\nexcept OSError:\n    pass"];
  code.push(`try:\n    os.stat('${HOLD_PATH}')\n    print('kit-hold', 1)\nexcept OSError:\n    print('kit-hold', 0)`);
  const out = await exec(code.join('\n'));
  if (!out.includes(`kit-hold ${on ? 1 : 0}`)) throw new Error(`Failed to ${on ? 'set' : 'clear'} the kit's hold: the board answered ${JSON.stringify(out.slice(0, 200))}`);
}

/**
 * The line a host sends on UART0 RX when the kit asks after a power-on (the registers were
 * cleared): the run so far as the events tell it, so the run goes on armed — a run can start with
 * a power cycle (boot 0 then reads power-on, as in the simulator) and survive real power cuts.
 * The plan's cut is armed while its op is still ahead (the op event precedes its cut, before or
 * after), so a host with several cuts passes the next one here after each power cut.
 */
export function kitAnswer(events: readonly KitEvent[], plan: KitPlan): string {
  const regs = kitRegisters(plan);
  const run = foldKitEvents(events);
  const started = events.filter((e) => e.ev === 'boot').length;
  const rechecks = events.filter((e) => e.ev === 'end' && e.why === 'idle' && !e.stop).length;
  const r1 = ((run.ended !== null ? 1 << 25 : 0) | (Math.min(rechecks, 255) << 16) | (started & 0xffff)) >>> 0;
  const cutLeft = plan.cutOp !== undefined && plan.cutOp >= run.flashOps;
  return `#kit1r ${run.flashOps} ${r1} ${cutLeft ? regs[2] : 0} ${regs[3]}\n`;
}

// ---- events ------------------------------------------------------------------------------------

export type KitOpKind = 'open-write' | 'write' | 'close' | 'rename' | 'remove' | 'mkdir' | 'rmdir';
export type KitEvent =
  | { ev: 'boot'; boot: number; cause: number; ops: number; armed: boolean }
  | { ev: 'op'; i: number; kind: KitOpKind; path: string; to?: string; bytes?: number; boot: number; phase: 'recovery' | 'update' | 'app' }
  /** files: path, size, sha256, and the bytes in base64 for the updater's small state files. */
  | { ev: 'recovered'; boot: number; action: string; files: ([string, number, string] | [string, number, string, string])[]; dirs: string[] }
  | { ev: 'outcome'; boot: number; outcome: string }
  /** mode power: the kit asks the host to cut the power now (before op `op`). */
  | { ev: 'cut'; boot: number; op: number; mode: 'before' | 'after' | 'power' }
  | { ev: 'end'; boot: number; why: string; stop: boolean }
  | { ev: 'feedgap'; boot: number; ms: number }
  /** The watchdog was started with this period. */
  | { ev: 'wdt'; boot: number; ms: number }
  | { ev: 'held'; boot: number; why?: string }
  /** After a power-on: the kit waits briefly for `kitAnswer` on UART0 RX. */
  | { ev: 'ask'; cause: number }
  | { ev: 'error'; boot: number; where: string; error: string }
  /** A line with the prefix whose JSON did not parse (UART noise, a reset mid-line). */
  | { ev: 'garbled'; line: string };

/** Every `#kit1 {json}` line in a UART capture (anything else on the line before the prefix is ignored). */
export function parseKitEvents(capture: string): KitEvent[] {
  const out: KitEvent[] = [];
  for (const raw of capture.split(/\r?\n/)) {
    const at = raw.indexOf(EVENT_PREFIX);
    if (at < 0) continue;
    const json = raw.slice(at + EVENT_PREFIX.length).trim();
    try {
      const v = JSON.parse(json) as KitEvent;
      if (v && typeof v === 'object' && typeof v.ev === 'string') out.push(v);
      else out.push({ ev: 'garbled', line: raw });
    } catch {
      out.push({ ev: 'garbled', line: raw });
    }
  }
  return out;
}

export type KitBootEnd = 'idle' | 'reset' | 'power-cut' | 'watchdog' | 'app-crash' | 'app-hang' | 'unarmed' | 'unknown';

export interface KitBootRecord {
  index: number;
  cause: 'power-on' | 'watchdog' | 'soft' | 'hard';
  /** Files right after recovery (kit files left out): size and sha256; null if the boot never got there. */
  afterRecovery: Map<string, { size: number; sha256: string; bytes?: Uint8Array }> | null;
  dirsAfterRecovery: string[] | null;
  recoveryAction?: string;
  /** A kit cut reads as 'power-cut' (it stands for one); a boot with no end followed by a watchdog boot was bitten. */
  end: KitBootEnd;
  outcome?: string;
}

export interface KitRun {
  boots: KitBootRecord[];
  ops: { index: number; kind: KitOpKind; path: string; to?: string; boot: number; phase: 'recovery' | 'update' | 'app' }[];
  flashOps: number;
  cutFired: { op: number; mode: 'before' | 'after' | 'power' } | null;
  maxFeedGapMs: number;
  watchdogResets: number;
  /** Why the run ended: idle | budget | app-hang | unarmed | held | run ended; null while it goes on. */
  ended: string | null;
  garbled: number;
  errors: string[];
}

const CAUSES: Record<number, KitBootRecord['cause']> = { 1: 'power-on', 3: 'watchdog', 5: 'soft', 2: 'hard' };

export function foldKitEvents(events: readonly KitEvent[]): KitRun {
  const run: KitRun = { boots: [], ops: [], flashOps: 0, cutFired: null, maxFeedGapMs: 0, watchdogResets: 0, ended: null, garbled: 0, errors: [] };
  let cur: KitBootRecord | null = null;
  let ended = false;
  let wdtMs = 0;
  for (const e of events) {
    switch (e.ev) {
      case 'boot': {
        if (cur !== null && !ended) {
          cur.end = CAUSES[e.cause] === 'watchdog' ? 'watchdog' : CAUSES[e.cause] === 'power-on' ? 'power-cut' : 'unknown';
          // A bite reports no gap of its own: it came a whole period after the last feed.
          if (cur.end === 'watchdog') run.maxFeedGapMs = Math.max(run.maxFeedGapMs, wdtMs);
        }
        cur = { index: e.boot, cause: CAUSES[e.cause] ?? 'hard', afterRecovery: null, dirsAfterRecovery: null, end: 'unknown' };
        ended = false;
        run.boots.push(cur);
        break;
      }
      case 'op':
        run.ops.push({ index: e.i, kind: e.kind, path: e.path, ...(e.to !== undefined ? { to: e.to } : {}), boot: e.boot, phase: e.phase });
        run.flashOps = Math.max(run.flashOps, e.i + 1);
        break;
      case 'recovered':
        if (cur) {
          cur.afterRecovery = new Map(e.files.filter(([p]) => !isKitPath(p)).map(([p, size, sha256, b64]) => [p, { size, sha256, ...(b64 !== undefined ? { bytes: new Uint8Array(Buffer.from(b64, 'base64')) } : {}) }]));
          cur.dirsAfterRecovery = e.dirs.filter((d) => !isKitPath(d));
          cur.recoveryAction = e.action;
        }
        break;
      case 'outcome':
        if (cur) cur.outcome = e.outcome;
        break;
      case 'cut':
        run.cutFired = { op: e.op, mode: e.mode };
        if (cur) cur.end = 'power-cut';
        ended = true;
        break;
      case 'end':
        if (e.why === 'budget') run.ended = 'budget';
        else if (cur) {
          cur.end = e.why as KitBootEnd;
          ended = true;
        }
        if (e.stop) run.ended = e.why;
        break;
      case 'feedgap':
        run.maxFeedGapMs = Math.max(run.maxFeedGapMs, e.ms);
        break;
      case 'held':
        run.ended ??= e.why ?? 'held';
        break;
      case 'error':
        run.errors.push(`boot ${e.boot} ${e.where}: ${e.error}`);
        break;
      case 'garbled':
        run.garbled++;
        break;
      case 'ask':
        break;
      case 'wdt':
        wdtMs = e.ms;
        break;
    }
  }
  run.watchdogResets = run.boots.filter((b) => b.end === 'watchdog').length;
  return run;
}

/**
 * The run's ops as RunResult.ops has them (scenarios/target.ts): `from -> to` for a rename, and the
 * cut modes that leave distinct states on the Pico W's littlefs (torn is not a kit mode: a board
 * cannot tear on purpose, so sweeps on hardware use before/after only).
 */
export function runResultOps(run: KitRun): { kind: string; modes: readonly CutMode[]; path: string; boot: number; phase: 'recovery' | 'update' | 'app' }[] {
  const lfs = FLASH_PROFILES.littlefs;
  return run.ops.map((o) => ({
    kind: o.kind,
    modes: distinctCutModes(lfs, o.kind).filter((m) => m !== 'torn'),
    path: o.to === undefined ? o.path : `${o.path} -> ${o.to}`,
    boot: o.boot,
    phase: o.phase,
  }));
}
