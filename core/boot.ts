/**
 * The boot sequence, the same on every board: recovery first (before the config is read and
 * before any app import), then trial bookkeeping, then the config and the watchdog (on every boot,
 * so a hung app is reset), then — only when no version is on trial — an update check, a reset if files changed, and finally the app. A healthy app confirms the version
 * on trial. The caller supplies the app; a crashing app simply throws (or resets) and the next
 * boot counts it.
 */
import { loadConfig, type Config } from './config/index.ts';
import { isOtaError } from './errors.ts';
import type { UpdateOutcome } from './outcome.ts';
import { isFlashError } from './ports/flash.ts';
import type { Ports } from './ports/index.ts';
import { recover, type RecoveryReport } from './recovery.ts';
import { recordError, DEFAULT_ERROR_LIMIT } from './state/index.ts';
import { beginBootOnTrial, confirm } from './trial.ts';
import { checkForUpdate } from './update/check-for-update.ts';
import { showLed } from './status/led.ts';

export type AppVerdict = 'healthy' | 'crash';

export interface BootOptions {
  /** Called once recovery has finished (the lab snapshots the flash here). */
  onRecovered?: (report: RecoveryReport) => void;
  /** Called with the update check's outcome, before any reset it leads to. */
  onOutcome?: (outcome: UpdateOutcome) => void;
  /** Runs the application; 'healthy' confirms a version on trial. */
  app: (ports: Ports) => Promise<AppVerdict>;
}

export type BootReport =
  | { end: 'idle'; recovery: RecoveryReport; outcome: UpdateOutcome | null; confirmed: boolean }
  | { end: 'app-crash'; recovery: RecoveryReport; outcome: UpdateOutcome | null };

export async function boot(ports: Ports, opts: BootOptions): Promise<BootReport> {
  const recovery = await recover(ports);
  opts.onRecovered?.(recovery);
  let onTrial = false;
  let rolledBack = recovery.action === 'rolled-back';
  if (recovery.onTrial) ({ onTrial, rolledBack } = await countTrialBoot(ports));
  let outcome: UpdateOutcome | null = null;
  const config = await configOrRecord(ports);
  // The LED waits for the config (recovery runs before it is read); a rollback shows once, here.
  if (config !== null && rolledBack) await showLed(ports, config, 'rollback');
  // On trial boots too: a new version whose app hangs must be reset by the watchdog, or it is
  // never counted as a failed trial boot and never rolled back.
  if (config !== null && config.watchdog_timeout_ms !== null) ports.watchdog.start(config.watchdog_timeout_ms);
  if (!onTrial) {
    if (config !== null) {
      outcome = await checkForUpdate(ports, config);
      ports.log.log('info', 'boot.outcome', { outcome: describeOutcome(outcome) });
      opts.onOutcome?.(outcome);
      const changed = outcome.kind === 'updated' && outcome.files.added + outcome.files.replaced + outcome.files.deleted > 0;
      if (changed && config.reset_mode !== 'none') await ports.system.reset(config.reset_mode);
      onTrial = changed;
    }
  }
  const verdict = await opts.app(ports);
  if (verdict === 'crash') return { end: 'app-crash', recovery, outcome };
  const confirmed = onTrial ? await confirm(ports) : false;
  return { end: 'idle', recovery, outcome, confirmed };
}

/**
 * A flash error while rolling the version back (a count the flash refuses rolls back first,
 * core/trial.ts) is recorded, when the
 * flash still takes a record, and the board stays put: the journal is left, so the update check is
 * deferred, and the app is not asked to confirm. The next boot retries.
 */
async function countTrialBoot(ports: Ports): Promise<{ onTrial: boolean; rolledBack: boolean }> {
  try {
    const trial = await beginBootOnTrial(ports, ports.system.resetCause());
    return { onTrial: trial.onTrial, rolledBack: trial.rolledBack };
  } catch (err) {
    if (!isFlashError(err) && !isOtaError(err)) throw err;
    if (!(isOtaError(err) && err.details.recorded === true)) {
      const record = isOtaError(err)
        ? { phase: 'trial' as const, code: err.code, message: err.message }
        : { phase: 'trial' as const, code: 'FLASH' as const, message: `Failed to count a trial boot: flash error ${err.code}; retried at next boot` };
      await recordError(ports, record, { limit: DEFAULT_ERROR_LIMIT, dedupe: true });
    }
    ports.log.log('error', 'trial.count-failed', { message: err.message });
    return { onTrial: false, rolledBack: false };
  }
}

/** A broken config stops updates, not the board: the error is recorded and the app still runs. */
async function configOrRecord(ports: Ports): Promise<Config | null> {
  try {
    const loaded = await loadConfig(ports.flash);
    for (const w of loaded.warnings) ports.log.log('warn', 'config.warning', { message: w });
    return loaded.config;
  } catch (err) {
    if (!isOtaError(err)) throw err;
    await recordError(ports, { phase: 'boot', code: err.code, message: err.message }, { limit: DEFAULT_ERROR_LIMIT, dedupe: true });
    ports.log.log('error', 'config.invalid', { message: err.message });
    return null;
  }
}

export function describeOutcome(o: UpdateOutcome): string {
  switch (o.kind) {
    case 'updated':
      return `updated ${o.from?.commit.slice(0, 7) ?? '(none)'} -> ${o.to.commit.slice(0, 7)} (+${o.files.added} ~${o.files.replaced} -${o.files.deleted} =${o.files.unchanged})`;
    case 'up-to-date':
      return `up-to-date ${o.version.commit.slice(0, 7)}`;
    case 'deferred':
      return `deferred: ${o.reason}`;
    case 'failed':
      return `failed ${o.code}: ${o.message}`;
  }
}
