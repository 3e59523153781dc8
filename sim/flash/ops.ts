/** The vocabulary of flash operations, cuts and the op log. */

/** Every mutation of the flash is one of these; reads are not operations. */
export type OpKind = 'open-write' | 'write' | 'close' | 'rename' | 'remove' | 'mkdir' | 'rmdir';

export const OP_KINDS: readonly OpKind[] = ['open-write', 'write', 'close', 'rename', 'remove', 'mkdir', 'rmdir'];

/**
 * Where a power cut lands relative to operation k:
 * `before` — the op has no effect; `after` — its effect is complete; `torn` — a partial effect as
 * the profile defines it (equal to `before` where the profile makes the op atomic).
 */
export type CutMode = 'before' | 'after' | 'torn';

export const CUT_MODES: readonly CutMode[] = ['before', 'after', 'torn'];

/** A planned cut at absolute op index `op` (0-based; the counter persists across reboots). */
export interface CutPoint {
  op: number;
  mode: CutMode;
}

/** One entry of the op log. `bytes`: the chunk length of a write, the file size at a close. */
export interface FlashOp {
  index: number;
  kind: OpKind;
  path: string;
  to?: string;
  bytes?: number;
}
