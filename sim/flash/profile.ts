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
 *   Space: as littlefs spends it (littlefs-space.ts): a metadata pair per directory, small files
 *   inline in it, CTZ skip-lists for the rest; a rewrite holds both copies until its close; NOSPC
 *   can come from open-write, write, close, rename and mkdir. Names: at most 255 bytes of UTF-8
 *   (LFS_NAME_MAX): creating a longer one fails with ENAMETOOLONG (36); looking one up finds
 *   nothing. Names are case-sensitive.
 *
 * `fat` (what a user risks on a FAT-formatted board or SD card). Fault model:
 *   - open-write truncates (or creates) at once, visibly;
 *   - writes go straight through; a torn write persists the first half of the chunk;
 *   - close is not a commit point (nothing left to commit, so a cut around it changes nothing);
 *   - rename is not atomic: it removes the destination, then moves the source. A torn rename
 *     leaves the destination removed and the source still at its old path — the live file is gone
 *     (we pick this window over "both exist" because it is the one that bricks an updater);
 *   - remove, mkdir, rmdir: a torn one has no effect on its own entry.
 *   - torn directory sectors (`tearsDirSectors`, on by default; VirtualFlashOptions.sectorTears
 *     false turns it off): a torn op that rewrites a directory entry (open-write, close, rename,
 *     remove, mkdir, rmdir) tears the whole 512 B directory sector being rewritten, and the
 *     neighbouring entries in that sector are lost with it (fat-dir.ts says which entries share a
 *     sector; the flash records what each tear destroyed). FAT on NOR flash without sector-atomic
 *     writes risks exactly this, and no updater can prevent it: its user files share a sector with
 *     the files it must replace. The lab reports such points as filesystem losses, apart from
 *     updater failures (scenarios/lab/fs-loss.ts). Torn FAT table sectors are not modelled (the
 *     table of 212 clusters is one sector: every chain at once).
 *   Space: whole blocks, at least one per file, one per directory (space.ts). Names (FatFs with
 *   LFN, as MicroPython builds it): case-insensitive and case-preserving, trailing dots and spaces
 *   dropped; at most 255 UTF-16 units per name, none of `"*:<>?|\` or control characters: any
 *   other name is refused with EINVAL (FatFs FR_INVALID_NAME, which MicroPython raises as EINVAL).
 *
 * Costs (virtual time, the Pico W's W25Q16JV NOR flash datasheet): `typical` (the default) page
 * program 256 B 0.4 ms, 4 KiB sector erase 45 ms, a metadata commit 2 ms (one page plus an amortised
 * erase); `worst` the datasheet maxima, page program 3 ms and sector erase 400 ms, and a commit
 * scaled alike (3 ms + 1.6 ms × 400/45 ≈ 17.2 ms). Both profiles use the same cost model so their
 * timings compare. An op's cost elapses before its effect: a watchdog that bites meanwhile leaves
 * the op undone.
 */
import type { CutMode, OpKind } from './ops.ts';

export type FlashProfileName = 'littlefs' | 'fat';

/** Which erase/program times the flash takes: datasheet typical (default) or maximum. */
export type FlashTiming = 'typical' | 'worst';

export const FLASH_TIMINGS: readonly FlashTiming[] = ['typical', 'worst'];

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
  /** How space is spent (littlefs-space.ts or space.ts) and which names are allowed. */
  readonly fs: 'littlefs' | 'fat';
  readonly timing: FlashTiming;
  /** fat: a torn op that rewrites a directory entry loses the other entries of its sector. */
  readonly tearsDirSectors: boolean;
}

const NOR_COSTS: Readonly<Record<FlashTiming, Pick<FlashProfile, 'pageSizeBytes' | 'pageProgramMs' | 'blockEraseMs' | 'metadataCommitMs'>>> = {
  typical: { pageSizeBytes: 256, pageProgramMs: 0.4, blockEraseMs: 45, metadataCommitMs: 2 },
  worst: { pageSizeBytes: 256, pageProgramMs: 3, blockEraseMs: 400, metadataCommitMs: 17.2 },
};
const PICO_W_GEOMETRY = { blockSizeBytes: 4096, blockCount: 212 } as const;

export const FLASH_PROFILES: Readonly<Record<FlashProfileName, FlashProfile>> = {
  littlefs: { name: 'littlefs', ...PICO_W_GEOMETRY, ...NOR_COSTS.typical, writesThrough: false, atomicRename: true, openWriteCommits: 'create', fs: 'littlefs', timing: 'typical', tearsDirSectors: false },
  fat: { name: 'fat', ...PICO_W_GEOMETRY, ...NOR_COSTS.typical, writesThrough: true, atomicRename: false, openWriteCommits: 'always', fs: 'fat', timing: 'typical', tearsDirSectors: true },
};

/** A `--flash-timing` value, checked. */
export function parseFlashTiming(text: string): FlashTiming {
  if (!(FLASH_TIMINGS as readonly string[]).includes(text)) throw new Error(`--flash-timing must be ${FLASH_TIMINGS.join(' or ')}, got "${text}"`);
  return text as FlashTiming;
}

/** `profile` with the erase/program times of `timing`. */
export function withTiming(profile: FlashProfile, timing: FlashTiming): FlashProfile {
  return profile.timing === timing ? profile : { ...profile, ...NOR_COSTS[timing], timing };
}

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
  if (profile.tearsDirSectors) return true;
  if (kind === 'rename') return !profile.atomicRename;
  return false;
}

/**
 * The cut modes worth sweeping for this kind: the others leave the same durable state as one of
 * these (the sweep skips them honestly instead of counting duplicates as coverage).
 */
export function distinctCutModes(profile: FlashProfile, kind: OpKind): readonly CutMode[] {
  if (kind === 'write' && !profile.writesThrough) return ['before'];
  if (kind === 'close' && profile.writesThrough) return profile.tearsDirSectors ? ['before', 'torn'] : ['before'];
  return tornIsDistinct(profile, kind) ? ['before', 'after', 'torn'] : ['before', 'after'];
}
