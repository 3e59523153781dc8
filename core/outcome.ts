/** What one update attempt ended in: a value, so tests and the oracle compare outcomes, not logs. */
export type UpdateOutcome =
  | { kind: 'updated'; from: VersionRef | null; to: VersionRef; files: { added: number; replaced: number; deleted: number; unchanged: number } }
  | { kind: 'up-to-date'; version: VersionRef }
  | { kind: 'deferred'; reason: string; until?: number }
  | { kind: 'failed'; code: ErrorCode; message: string };

export interface VersionRef {
  ref: string;
  commit: string;
}

/** Stable error codes: written to ota_error.json, asserted by scenarios, shared with device/. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'NETWORK'
  | 'HTTP_STATUS'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'BAD_RESPONSE'
  | 'TREE_TRUNCATED'
  | 'TREE_TOO_LARGE'
  | 'MANIFEST_INVALID'
  | 'SIGNATURE_INVALID'
  | 'PATH_REJECTED'
  | 'HASH_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'NO_SPACE'
  | 'FLASH'
  | 'TRIAL_FAILED'
  /** The update would remove or rewrite boot.py without the recovery hook (see core/update/boot-hook.ts). */
  | 'HOOK_REMOVED'
  | 'RECOVERY'
  | 'INTERNAL'
  /** Deferrals (docs/SPEC.md §9), recorded so a user sees why nothing happened; never retried as failures. */
  | 'OUTSIDE_WINDOW'
  | 'CLOCK_UNKNOWN'
  | 'ROLLOUT_WAIT'
  | 'APP_DEFERRED'
  | 'CRASH_DELAY'
  /** The battery fell below min_battery_percent between staged files (core/update/battery-stop.ts). */
  | 'BATTERY_LOW'
  /** Issue 9 (signing): an older tag or a lower signed counter than installed, without allow_downgrade (SPEC §12.5). */
  | 'ROLLBACK_REFUSED'
  /** A resumed download did not verify; its partial was dropped and the file fetched whole (SPEC §13). */
  | 'RESUME_DISCARDED';
