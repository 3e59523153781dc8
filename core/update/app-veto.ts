/**
 * The app's veto (docs/SPEC.md §9.3): an app that must not be interrupted (a measurement, a
 * calibration) calls `deferNextCheck(flash, reason)` — `otalab.defer(reason)` on the device —
 * which writes ota_defer.json. The next check that would run defers instead, records why, and
 * removes the file: one veto defers one check, so a forgotten veto never blocks updates for good.
 */
import { isRecord, readJson, removeIfExists } from '../fsx/index.ts';
import type { Flash } from '../ports/flash.ts';
import { pyJsonDumps } from '../state/python-json.ts';
import type { ScheduleDeferral } from './window.ts';

export const VETO_PATH = 'ota_defer.json';
export const VETO_FORMAT = 1;
/** Code points of the reason kept (the record must stay small). */
export const VETO_REASON_MAX = 100;

/** Written in place, not via a temporary: a torn file still reads as a veto (reason unknown). */
export async function deferNextCheck(flash: Flash, reason: string): Promise<void> {
  const writer = await flash.openWrite(VETO_PATH);
  try {
    await writer.write(new TextEncoder().encode(pyJsonDumps({ format: VETO_FORMAT, reason: clip(reason) })));
  } finally {
    await writer.close();
  }
}

/** The veto, if any, as a deferral; null when there is no ota_defer.json. Does not remove it. */
export async function readVeto(flash: Flash): Promise<ScheduleDeferral | null> {
  const read = await readJson(flash, VETO_PATH);
  if (read.kind === 'missing') return null;
  const raw = read.kind === 'ok' && isRecord(read.value) && typeof read.value.reason === 'string' ? clip(read.value.reason) : null;
  const said = raw === null ? 'without a readable reason' : `"${raw}"`;
  return { code: 'APP_DEFERRED', reason: `the app deferred this check (${VETO_PATH}: ${said}); the next check runs as usual` };
}

export async function clearVeto(flash: Flash): Promise<void> {
  await removeIfExists(flash, VETO_PATH);
}

function clip(s: string): string {
  return [...s].slice(0, VETO_REASON_MAX).join('');
}
