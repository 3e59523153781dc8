/**
 * Stage every file the plan needs, each verified before it lands in the stage dir. Before the
 * first byte: every name is checked against the flash's name limit (before anything is written),
 * a stage dir left by an earlier attempt is cleared and free space is checked for the whole
 * update, rollback included (space-need.ts), so a full flash fails early with NO_SPACE instead of
 * midway or, worse, after the commit point.
 */
import type { Config } from '../config/types.ts';
import { OtaError } from '../errors.ts';
import { rmtree } from '../fsx/index.ts';
import { backoffMs, sleepFed, type GitHubClient } from '../github/index.ts';
import type { UpdatePlan } from '../plan.ts';
import type { Ports } from '../ports/index.ts';
import { downloadToStage } from '../stage/index.ts';
import { resumeHeldBytes } from '../stage/resume-record.ts';
import { recordError, type VersionJson } from '../state/index.ts';
import { checkNameLimits } from './name-limits.ts';
import type { TargetSource } from './source.ts';
import { updateNeedBytes } from './space-need.ts';
import { showLed } from '../status/led.ts';
import { batteryStop } from './battery-stop.ts';
import type { ScheduleDeferral } from './window.ts';

/** Null when every file is staged; a deferral when the battery fell below its minimum between files (battery-stop.ts). */
export async function stageAll(ports: Ports, client: GitHubClient, plan: UpdatePlan, source: TargetSource, config: Config, installed: VersionJson | null): Promise<ScheduleDeferral | null> {
  const feed = () => ports.watchdog.feed();
  checkNameLimits(plan);
  await rmtree(ports.flash, config.stage_dir, feed);
  if (plan.download.length === 0) return null;
  const flashFree = await ports.flash.freeBytes();
  const free = flashFree === null ? null : flashFree + (await resumeHeldBytes(ports.flash));
  const need = await updateNeedBytes(ports.flash, plan, installed, config, config.min_free_storage);
  if (free !== null && free < need) {
    throw new OtaError('NO_SPACE', `Not enough flash for the update: ${need} bytes needed (files, new directories, journal and rollback), ${free} free; free space or narrow \`allow\``);
  }
  const onResumeDiscarded = async (message: string) => {
    await recordError(ports, { phase: 'download', code: 'RESUME_DISCARDED', message }, { limit: config.error_history_limit, token: config.token });
  };
  for (const [i, item] of plan.download.entries()) {
    const low = i > 0 ? batteryStop(ports, config) : null;
    if (low !== null) return low;
    const file = source.files.get(item.path);
    if (!file) throw new OtaError('INTERNAL', `Failed to stage ${item.path}: not in the target file list`);
    await withRetries(ports, config, item.path, () =>
      downloadToStage(ports, client, { path: item.path, url: file.url, size: file.size, sha1: file.sha1, sha256: file.sha256 }, { stageDir: config.stage_dir, chunk: config.chunk, onResumeDiscarded }),
    );
    await showLed(ports, config, 'downloading');
  }
  return null;
}

/**
 * A body that dies midway, or bytes that arrive corrupted, are link faults: the file is fetched
 * again (up to `http_retries` attempts in all, with the same backoff as requests) before the
 * attempt gives up. Already staged files are kept, so a retry costs one file, not the update.
 */
const RETRYABLE = new Set(['NETWORK', 'HASH_MISMATCH', 'SIZE_MISMATCH']);

async function withRetries<T>(ports: Ports, config: Config, path: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof OtaError) || !RETRYABLE.has(err.code) || attempt >= config.http_retries) throw err;
      const waitMs = backoffMs(attempt - 1, config.backoff_sec, config.max_backoff_sec);
      ports.log.log('warn', 'stage.retry', { path, attempt, code: err.code, wait_ms: waitMs });
      await sleepFed(ports, waitMs);
    }
  }
}
