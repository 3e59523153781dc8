/**
 * What an update must do, decided against the files actually on the board: a target file whose
 * installed blob SHA already matches is neither downloaded nor rewritten; a managed file gone from
 * the target is deleted. Empty files are files like any other (size 0, blob e69de29…).
 *
 * Deletes come only from the previous managed set (`installed.files`): with no such map (a first
 * install, or a predecessor's version.json) nothing is deleted — a file we did not install is
 * never ours to remove.
 */
import { OtaError } from './errors.ts';
import { hashFlashFile, type FileDigests } from './hash/index.ts';
import { checkRepoPath, parentOf } from './paths/index.ts';
import type { Flash, FlashStat } from './ports/flash.ts';
import { compareCodePoints, type VersionJson } from './state/index.ts';

export interface TargetFile {
  /** Git blob SHA-1 (40 hex, tree mode) or SHA-256 (64 hex, manifest mode) of the target content. */
  sha: string;
  size: number;
}

export type PlanOp =
  | { op: 'add'; path: string; sha: string; size: number }
  | { op: 'replace'; path: string; sha: string; size: number; old_sha: string }
  | { op: 'delete'; path: string; old_sha: string };

export interface UpdatePlan {
  /** Sorted by path (code points). */
  ops: PlanOp[];
  /** The files to stage: every add and replace. */
  download: { path: string; sha: string; size: number }[];
  downloadBytes: number;
  unchanged: string[];
  deletes: string[];
  /** Target paths `managed` refused (not permitted): left alone. */
  ignored: string[];
  /** Blob SHA-1 of each unchanged file, as installed: part of the new version.json `files`. */
  kept: Record<string, string>;
}

export interface PlanInput {
  target: ReadonlyMap<string, TargetFile>;
  installed: VersionJson | null;
  /** Permitted by allow/ignore and not reserved (core/paths isPermitted + !isReserved). */
  managed: (path: string) => boolean;
  /**
   * Accepted for symmetry with the config key, and deliberately without effect here: the plan
   * always compares installed blob SHAs, which is all `force` needs (DESIGN.md "force").
   */
  force?: boolean;
  chunkBytes?: number;
  /** Called around each file hashed and after every chunk of it (watchdog). */
  feed?: () => void;
}

export async function planUpdate(flash: Flash, input: PlanInput): Promise<UpdatePlan> {
  const feed = input.feed ?? (() => {});
  const chunk = input.chunkBytes ?? 1024;
  const stats = new Map<string, FlashStat | null>();
  const stat = async (p: string) => {
    if (!stats.has(p)) stats.set(p, await flash.stat(p));
    return stats.get(p) ?? null;
  };
  const hash = async (p: string): Promise<FileDigests> => {
    feed();
    const d = await hashFlashFile(flash, p, chunk, feed);
    feed();
    if (d === null) throw new OtaError('FLASH', `Failed to hash ${p}: it vanished while planning`);
    return d;
  };

  const plan: UpdatePlan = { ops: [], download: [], downloadBytes: 0, unchanged: [], deletes: [], ignored: [], kept: {} };
  const kept: [string, string][] = [];
  for (const path of [...input.target.keys()].sort(compareCodePoints)) {
    const t = input.target.get(path)!;
    const bad = checkRepoPath(path);
    if (bad !== null) throw new OtaError('PATH_REJECTED', `Failed to plan the update: path ${JSON.stringify(path)} ${bad}`);
    if (!input.managed(path)) {
      plan.ignored.push(path);
      continue;
    }
    await checkAncestors(path, stat);
    const st = await stat(path);
    if (st?.kind === 'dir') throw new OtaError('PATH_REJECTED', `Failed to plan the update: ${path} is a directory on the board, the target has a file there`);
    if (st === null) {
      plan.ops.push({ op: 'add', path, sha: t.sha.toLowerCase(), size: t.size });
      continue;
    }
    const live = await hash(path);
    if (sameContent(t, live)) {
      plan.unchanged.push(path);
      kept.push([path, live.blobSha1]);
    } else {
      // Also when the file is not in the previous managed set: its backup protects it until confirmation.
      plan.ops.push({ op: 'replace', path, sha: t.sha.toLowerCase(), size: t.size, old_sha: live.blobSha1 });
    }
  }

  const previous = input.installed?.files ?? {};
  for (const path of Object.keys(previous).sort(compareCodePoints)) {
    if (input.target.has(path) || !input.managed(path) || checkRepoPath(path) !== null) continue;
    if ((await stat(path))?.kind !== 'file') continue;
    plan.ops.push({ op: 'delete', path, old_sha: (await hash(path)).blobSha1 });
  }

  plan.ops.sort((a, b) => compareCodePoints(a.path, b.path));
  for (const op of plan.ops) {
    if (op.op === 'delete') plan.deletes.push(op.path);
    else {
      plan.download.push({ path: op.path, sha: op.sha, size: op.size });
      plan.downloadBytes += op.size;
    }
  }
  plan.kept = Object.fromEntries(kept);
  return plan;
}

export function sameContent(t: TargetFile, live: FileDigests): boolean {
  if (live.size !== t.size) return false;
  const sha = t.sha.toLowerCase();
  if (sha.length === 40) return live.blobSha1 === sha;
  if (sha.length === 64) return live.sha256 === sha;
  throw new OtaError('BAD_RESPONSE', `Failed to compare with the target: ${JSON.stringify(t.sha)} is neither a blob SHA-1 nor a SHA-256`);
}

/** A target file needs every ancestor to be a directory (or absent, to be created). */
async function checkAncestors(path: string, stat: (p: string) => Promise<FlashStat | null>): Promise<void> {
  for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) {
    const st = await stat(dir);
    if (st?.kind === 'file') {
      throw new OtaError('PATH_REJECTED', `Failed to plan the update: ${dir} is a file on the board, the target needs it as a directory for ${path}`);
    }
  }
}
