/**
 * One update attempt, start to finish: gates → resolve → list files → plan against the installed
 * files → stage and verify every download → journaled commit. Expected failures become an
 * `UpdateOutcome` of kind `failed` with a record in ota_error.json; a power cut or reset is never
 * caught here (it is not an error of the update, and the journal tells the next boot what to do).
 */
import type { Config } from '../config/types.ts';
import { commitUpdate } from '../commit/index.ts';
import { OtaError, isOtaError } from '../errors.ts';
import { exists, rmtree, tmpPathOf } from '../fsx/index.ts';
import { JOURNAL_PATH } from '../journal/index.ts';
import { GitHubClient } from '../github/index.ts';
import { isFlashError } from '../ports/flash.ts';
import { planUpdate } from '../plan.ts';
import type { UpdateOutcome } from '../outcome.ts';
import type { Ports } from '../ports/index.ts';
import { RATE_LIMIT_MAX_WAIT_MS, readOtaState, readVersion, recordError, type ErrorPhase } from '../state/index.ts';
import { deferral } from './gates.ts';
import { crashDeferral } from './crash-delay.ts';
import { rolloutBucket, rolloutDeferral } from './rollout.ts';
import { recordDeferral, scheduleDeferral } from './schedule.ts';
import { intervalDeferral } from './interval-gate.ts';
import { lookupTarget, noteCheck, writeStateQuietly } from './conditional-lookup.ts';
import { afterFailure, backoffDeferral } from './check-backoff.ts';
import { managedBy, targetSource } from './source.ts';
import { stageAll } from './stage-all.ts';
import { checkBootHook } from './boot-hook.ts';
import { holdLed, showLed } from '../status/led.ts';
import { rollbackRefusal } from './anti-rollback.ts';

export async function checkForUpdate(ports: Ports, config: Config): Promise<UpdateOutcome> {
  // Counted at every boot that gets here, even one another gate defers: "in a row" means boots.
  const crashed = await crashDeferral(ports, config);
  const deferred =
    (await deferral(ports, config)) ??
    (crashed !== null ? await recordDeferral(ports, config, crashed) : await scheduleDeferral(ports, config)) ??
    (await intervalDeferral(ports, config)) ??
    (await backoffDeferral(ports, config));
  if (deferred) {
    ports.log.log('info', 'update.deferred', { reason: deferred.reason });
    return deferred;
  }
  await showLed(ports, config, 'checking');
  let phase: ErrorPhase = 'check';
  try {
    const client = new GitHubClient(ports, config);
    const installed = (await readVersion(ports.flash)).version;
    const looked = await lookupTarget(ports, config, client, installed);
    if (looked.kind === 'unchanged') {
      // A 304: GitHub's answer is the one recorded, whose commit is installed or was rejected.
      ports.log.log('info', 'update.not-modified', { commit: looked.lookup.commit });
      await noteCheck(ports, config, looked.lookup);
      if (looked.as === 'rejected') return rejectedDeferral(looked.lookup.commit);
      return { kind: 'up-to-date', version: { ref: installed!.ref, commit: installed!.commit } };
    }
    const { target, lookup } = looked;
    ports.log.log('info', 'update.target', { ref: target.ref, commit: target.commit, installed: installed?.commit ?? null });
    if (!config.force && installed?.rejected?.includes(target.commit)) {
      await noteCheck(ports, config, lookup);
      return rejectedDeferral(target.commit);
    }
    if (!config.force && installed !== null && installed.commit === target.commit) {
      await noteCheck(ports, config, lookup);
      return { kind: 'up-to-date', version: { ref: installed.ref, commit: installed.commit } };
    }
    // Canary: only the latest release is rolled out by percent; a pinned tag or a branch is the user's explicit choice.
    if (target.mode === 'release' && target.release !== null) {
      const wait = rolloutDeferral(target.ref, target.release.body ?? null, config.rollout_percent, () => rolloutBucket(ports.system.uniqueId()));
      if (wait !== null) {
        await noteCheck(ports, config, lookup);
        return await recordDeferral(ports, config, wait);
      }
    }
    const source = await targetSource(client, target, config, ports.log);
    // Anti-rollback (SPEC §12.5); ota_state.json is read only for a signed manifest's counter.
    const installedCounter = source.counter !== undefined ? ((await readOtaState(ports.flash)).counter ?? null) : null;
    const refused = rollbackRefusal(installed?.ref ?? null, source.ref, installedCounter, source.counter ?? null, config.allow_downgrade);
    if (refused !== null) throw refused;
    const plan = await planUpdate(ports.flash, {
      target: source.files,
      installed,
      managed: managedBy(config),
      force: config.force,
      chunkBytes: config.chunk,
      feed: () => ports.watchdog.feed(),
    });
    phase = 'download';
    const low = await stageAll(ports, client, plan, source, config, installed);
    if (low !== null) {
      // Recorded first (the user sees why), then the stage goes: a cut between leaves strays recovery removes.
      const stopped = await recordDeferral(ports, config, low);
      await clearStage(ports, config);
      ports.log.log('info', 'update.battery-stop', { reason: low.reason });
      return stopped;
    }
    await checkBootHook(ports.flash, plan, config.stage_dir);
    phase = 'commit';
    const to = { ref: source.ref, commit: target.commit };
    holdLed(ports, config, true);
    const result = await commitUpdate(ports, plan, {
      target: to,
      installed,
      stageDir: config.stage_dir,
      backupDir: config.backup_dir,
      trialBoots: config.trial_boots,
      errorLimit: config.error_history_limit,
    });
    // The lookup is not recorded here: the next (idle) check records it, so the update's own
    // flash operations stay as they were (no extra write between commit and reset). A signed
    // manifest's counter rides in that same write.
    await noteCheck(ports, config, undefined, source.counter);
    holdLed(ports, config, false);
    await showLed(ports, config, 'success');
    const from = installed === null ? null : { ref: installed.ref, commit: installed.commit };
    if (result.kind === 'version-only') {
      return { kind: 'updated', from, to, files: { added: 0, replaced: 0, deleted: 0, unchanged: plan.unchanged.length } };
    }
    return { kind: 'updated', from, to, files: { added: result.added, replaced: result.replaced, deleted: result.deleted, unchanged: plan.unchanged.length } };
  } catch (err) {
    if (isFlashError(err)) {
      // Any flash error is an outcome (recorded when the flash still takes a record), never a crash.
      return await failed(ports, config, phase, new OtaError(err.code === 'ENOSPC' ? 'NO_SPACE' : 'FLASH', `Failed to update: flash error ${err.code}`));
    }
    if (!isOtaError(err)) {
      if (isInternalBug(err)) {
        const message = `Failed to update: ${(err as Error).message}`;
        await recordError(ports, { phase, code: 'INTERNAL', message }, { limit: config.error_history_limit, token: config.token });
        holdLed(ports, config, false);
        await showLed(ports, config, 'error');
        return { kind: 'failed', code: 'INTERNAL', message };
      }
      throw err;
    }
    return await failed(ports, config, phase, err);
  }
}

/**
 * Order matters: the record first, then the rate-limit state that makes later boots wait — a cut
 * between the two costs one more request, never an unrecorded failure. Partial downloads are
 * removed so a failed attempt leaves nothing behind.
 */
async function failed(ports: Ports, config: Config, phase: ErrorPhase, err: OtaError): Promise<UpdateOutcome> {
  const now = err.code === 'RATE_LIMITED' ? ports.clock.now() : 0;
  // Capped: a reset header far ahead (a hostile server, a skewed Date) must not block updates for good.
  const resetAt = err.code === 'RATE_LIMITED' ? Math.min(typeof err.details.resetAt === 'number' ? err.details.resetAt : now + 60_000, now + RATE_LIMIT_MAX_WAIT_MS) : null;
  if (err.details.recorded !== true) {
    const details = resetAt !== null ? { retry_at: Math.floor(resetAt / 1000) } : {};
    await recordError(ports, { phase, code: err.code, message: err.message, ...details }, { limit: config.error_history_limit, token: config.token });
  }
  // A polling board also backs off (check-backoff.ts), in the same write.
  const state = await readOtaState(ports.flash);
  const retryAfter = typeof err.details.retryAfterMs === 'number' ? err.details.retryAfterMs : null;
  const backoff = afterFailure(ports, config, state, resetAt, retryAfter);
  if (resetAt !== null || backoff !== null) {
    await writeStateQuietly(ports, { ...state, ...(resetAt !== null ? { rate_limited_until: resetAt } : {}), ...(backoff ?? {}) });
  }
  // After a failed commit the stage goes too, unless a journal (or its temporary) may still need it.
  if (phase === 'download' || (phase === 'commit' && !(await journalMayExist(ports)))) await clearStage(ports, config);
  ports.log.log('warn', 'update.failed', { code: err.code, message: err.message });
  holdLed(ports, config, false);
  await showLed(ports, config, 'error');
  return { kind: 'failed', code: err.code, message: err.message };
}

async function journalMayExist(ports: Ports): Promise<boolean> {
  return (await exists(ports.flash, JOURNAL_PATH)) || (await exists(ports.flash, tmpPathOf(JOURNAL_PATH)));
}

async function clearStage(ports: Ports, config: Config): Promise<void> {
  try {
    await rmtree(ports.flash, config.stage_dir, () => ports.watchdog.feed());
  } catch (err) {
    if (!isFlashError(err)) throw err;
    ports.log.log('warn', 'stage.cleanup-failed', { message: err.message });
  }
}

function rejectedDeferral(commit: string): UpdateOutcome {
  return { kind: 'deferred', reason: `${commit} failed its trial before; waiting for a newer commit` };
}

/**
 * A TypeError/RangeError from our own code is a bug: record it so the board reports it, rather
 * than dying in a loop. Anything else (a simulator's power loss, a reset signal) propagates.
 */
function isInternalBug(err: unknown): boolean {
  return err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError;
}
