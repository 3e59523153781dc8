/**
 * Flash profiles: which filesystem the virtual Pico W runs, and how power loss hurts it.
 *
 * `littlefs` (the Pico W default, littlefs v2 on 212 × 4096 B blocks). Fault model:
 *   - open-write creates a missing file with 0 bytes at once (durable); an existing file keeps its
 *     old contents visible;
 *   - writes are buffered in the handle (copy-on-write blocks no one can see) and lost on a cut;
 *   - close is the commit point: atomically the new contents, or (cut before it / torn) the old;
 *   - rename is atomic and replaces an existing destination; remove, mkdir, rmdir are atomic.
 *   So every torn cut equals `before`, and a cut after a write equals a cut before it (the buffer
 *   dies with the RAM either way).
 *   Space: while a file is rewritten its old blocks stay in use until the close commits, so a
 *   rewrite needs room for both copies.
 *
 * `fat` (what a user risks on a FAT-formatted board or SD card). Fault model:
 *   - open-write truncates (or creates) at once, visibly;
 *   - writes go straight through; a torn write persists the first half of the chunk;
 *   - close is not a commit point (nothing left to commit, so a cut around it changes nothing);
 *   - rename is not atomic: it removes the destination, then moves the source. A torn rename
 *     leaves the destination removed and the source still at its old path — the live file is gone
 *     (we pick this window over "both exist" because it is the one that bricks an updater);
 *   - remove, mkdir, rmdir: a torn one has no effect.
 *
 * Costs (virtual time, from a W25Q16-class NOR flash): page program 256 B ≈ 0.4 ms, 4 KiB sector
 * erase ≈ 45 ms, a metadata commit ≈ 2 ms (one page plus an amortised erase). Both profiles use the
 * same cost model so their timings compare. An op's cost elapses before its effect: a watchdog
 * that bites meanwhile leaves the op undone.
 */
import type { CutMode, OpKind } from './ops.ts';

export type FlashProfileName = 'littlefs' | 'fat';

export interface FlashProfile {
  readonly name: FlashProfileName;
  readonly blockSizeBytes: number;
  readonly blockCount: number;
  readonly pageSizeBytes: number;
  readonly pageProgramMs: number;
  readonly blockEraseMs: number;
  readonly metadataCommitMs: number;
  /** fat: writes reach the file at once; littlefs: they wait in the handle for close. */
  readonly writesThrough: boolean;
  readonly atomicRename: boolean;
  /** littlefs commits metadata at open-write only when it creates the file; fat always (truncate). */
  readonly openWriteCommits: 'create' | 'always';
}

const NOR_COSTS = { pageSizeBytes: 256, pageProgramMs: 0.4, blockEraseMs: 45, metadataCommitMs: 2 } as const;
const PICO_W_GEOMETRY = { blockSizeBytes: 4096, blockCount: 212 } as const;

export const FLASH_PROFILES: Readonly<Record<FlashProfileName, FlashProfile>> = {
  littlefs: { name: 'littlefs', ...PICO_W_GEOMETRY, ...NOR_COSTS, writesThrough: false, atomicRename: true, openWriteCommits: 'create' },
  fat: { name: 'fat', ...PICO_W_GEOMETRY, ...NOR_COSTS, writesThrough: true, atomicRename: false, openWriteCommits: 'always' },
};

/**
 * Reading a file in chunks (an open read handle) costs about 2 µs of virtual time per byte: a
 * littlefs read through the XIP cache plus the SHA-1 and SHA-256 the updaters compute over it,
 * roughly 500 KB/s on a 125 MHz Cortex-M0+ (an estimate, not measured on a board). It is what lets
 * the watchdog bite an updater that hashes a large file without feeding it. Whole-file reads (the
 * small JSON state files) are not charged.
 */
export const STREAM_READ_US_PER_BYTE = 2;

/** Whether a torn cut of this kind can leave a state that neither `before` nor `after` leaves. */
export function tornIsDistinct(profile: FlashProfile, kind: OpKind): boolean {
  if (kind === 'write') return profile.writesThrough;
  if (kind === 'rename') return !profile.atomicRename;
  return false;
}

/**
 * The cut modes worth sweeping for this kind: the others leave the same durable state as one of
 * these (the sweep skips them honestly instead of counting duplicates as coverage).
 */
export function distinctCutModes(profile: FlashProfile, kind: OpKind): readonly CutMode[] {
  if (kind === 'write' && !profile.writesThrough) return ['before'];
  if (kind === 'close' && profile.writesThrough) return ['before'];
  return tornIsDistinct(profile, kind) ? ['before', 'after', 'torn'] : ['before', 'after'];
}
