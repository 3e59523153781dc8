/**
 * The kit (hil/kit) as the board target uses it, and its report of a run turned into what the
 * oracle reads. The kit reports files after recovery by size and sha256 (a UART line per file, not
 * its bytes); their bytes are found in a content book of every byte string the run could have put
 * there (the files deployed, every commit of the scenario's repos, the final dump, small files the
 * kit sent whole). A hash found nowhere becomes a marker the oracle cannot mistake for any version.
 */
import { createHash } from 'node:crypto';
import { armKit, foldKitEvents, holdKit, HOLD_PATH, isKitPath, kitAnswer, kitBootPy, kitFiles, parseKitEvents, type KitRun } from '../kit/index.ts';
import { commitFiles } from '../../sim/github/files.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { withEmptyDirs } from '../../scenarios/state/index.ts';
import type { FoldedKit } from './kit-port.ts';
import type { KitPort } from './board-target.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** sha256 → bytes, for every byte string a run could leave on the board. */
export class ContentBook {
  readonly #bytes = new Map<string, Uint8Array>();

  add(files: Iterable<Uint8Array>): this {
    for (const b of files) this.#bytes.set(sha256(b), b);
    return this;
  }

  addScenario(scenario: Scenario): this {
    for (const repo of scenario.server.repos) for (const label of Object.keys(repo.commits)) this.add(commitFiles(repo, label).values());
    return this;
  }

  /** The bytes with this hash, or a marker naming it (no version of any file has those bytes). */
  bytes(hash: string, size: number): Uint8Array {
    return this.#bytes.get(hash) ?? new TextEncoder().encode(`\u0000otalab: content unknown to the lab (sha256 ${hash}, ${size} bytes)`);
  }

  has(hash: string): boolean {
    return this.#bytes.has(hash);
  }
}

/** The kit's run, with files after each recovery resolved through `book`. */
export function foldForOracle(run: KitRun, book: ContentBook, withDirs: (files: Map<string, Uint8Array>, dirs: string[]) => Map<string, Uint8Array>): FoldedKit {
  const log = run.errors.map((e) => `kit error: ${e}`);
  if (run.garbled > 0) log.push(`kit: ${run.garbled} garbled UART lines`);
  return {
    boots: run.boots.map((b) => {
      let after: Map<string, Uint8Array> | null = null;
      if (b.afterRecovery) {
        for (const f of b.afterRecovery.values()) if (f.bytes && sha256(f.bytes) === f.sha256) book.add([f.bytes]);
        const files = new Map([...b.afterRecovery].map(([p, { size, sha256 }]) => [p, book.bytes(sha256, size)] as const));
        after = withDirs(files, (b.dirsAfterRecovery ?? []).map((d) => d.replace(/\/$/, '')));
        const unknown = [...b.afterRecovery].filter(([, f]) => !book.has(f.sha256)).map(([p]) => p);
        if (unknown.length > 0) log.push(`kit: boot ${b.index}: bytes unknown to the lab after recovery: ${unknown.join(', ')}`);
      }
      const end = b.end === 'unarmed' || b.end === 'unknown' ? 'idle' : b.end;
      return { index: b.index, cause: b.cause, afterRecovery: after, end, ...(b.outcome !== undefined ? { outcome: b.outcome } : {}) };
    }),
    ops: run.ops.map((o) => ({ kind: o.kind, path: o.to !== undefined ? `${o.path} -> ${o.to}` : o.path, boot: o.boot, phase: o.phase })),
    cutFired: run.cutFired !== null,
    watchdogResets: run.watchdogResets,
    maxFeedGapMs: run.maxFeedGapMs,
    log,
  };
}

/** The lab repeats a failed check after this long (a Pico W in the field waits a minute; said in docs/hil.md). */
export const LAB_RECHECK_MS = 500;

export function kitPort(): KitPort {
  const files = kitFiles();
  return {
    files,
    bootPy: kitBootPy,
    isKitPath,
    holdPath: HOLD_PATH,
    cutMethod: 'kit reset: machine.reset() before or after the op (reads as WDT_RESET on the next boot)',
    arm: async (exec, plan) => {
      await armKit(exec, { ...plan, recheckMs: LAB_RECHECK_MS });
    },
    hold: holdKit,
    progress: (text) => {
      const events = parseKitEvents(text);
      const cuts = events.flatMap((e) => (e.ev === 'cut' ? [e] : []));
      return { powerCuts: cuts.filter((e) => e.mode === 'power').length, asks: events.filter((e) => e.ev === 'ask').length, flashOps: foldKitEvents(events).flashOps, cutOps: cuts.map((e) => e.op) };
    },
    // The same registers arm() writes (recheck delay included), with the run so far.
    answer: (text, plan) => kitAnswer(parseKitEvents(text), { ...plan, recheckMs: LAB_RECHECK_MS }),
    ended: (text) => foldKitEvents(parseKitEvents(text)).ended !== null,
    fold: (text, known) => foldForOracle(foldKitEvents(parseKitEvents(text)), new ContentBook().addScenario(known.scenario).add(known.files), withEmptyDirs),
  };
}
