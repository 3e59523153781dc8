/**
 * The "when" gates of issue 9 (docs/SPEC.md §9), after the resource gates of gates.ts: the update
 * window, then the app's veto. Each deferral is recorded in ota_error.json (phase `check`, a
 * deferral code, deduplicated so a board deferring every hour writes one record, not a ring full).
 */
import type { Config } from '../config/types.ts';
import type { UpdateOutcome } from '../outcome.ts';
import { isFlashError } from '../ports/flash.ts';
import type { Ports } from '../ports/index.ts';
import { recordError } from '../state/index.ts';
import { clearVeto, readVeto } from './app-veto.ts';
import { windowDeferral, type ScheduleDeferral } from './window.ts';

type Deferred = Extract<UpdateOutcome, { kind: 'deferred' }>;

export async function scheduleDeferral(ports: Ports, config: Config): Promise<Deferred | null> {
  const window = windowDeferral(ports.clock.now(), config);
  if (window !== null) return await recordDeferral(ports, config, window);
  // Only a check that would run consumes the veto: record first, then remove (a cut between re-records, deduplicated).
  const veto = await readVeto(ports.flash);
  if (veto === null) return null;
  const out = await recordDeferral(ports, config, veto);
  try {
    await clearVeto(ports.flash);
  } catch (err) {
    if (!isFlashError(err)) throw err;
    ports.log.log('warn', 'veto.clear-failed', { message: err.message });
  }
  return out;
}

export async function recordDeferral(ports: Ports, config: Config, d: ScheduleDeferral): Promise<Deferred> {
  await recordError(ports, { phase: 'check', code: d.code, message: d.reason }, { limit: config.error_history_limit, token: config.token, dedupe: true });
  return { kind: 'deferred', reason: d.reason };
}
