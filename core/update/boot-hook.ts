/**
 * On a board, boot.py is what runs recovery before anything else. An update that deleted it, or
 * replaced it with one that no longer starts recovery, would leave that update — and every later
 * one — without a way back (found by running scenario h2 on the MicroPython target: v2's own
 * boot.py replaced the hook, and its failed trial was never rolled back). So an installed boot.py
 * that carries the hook may only be replaced by one that carries it too. Boards whose boot.py has
 * no hook (Node on Linux, or a board set up without it) are not constrained.
 */
import { OtaError } from '../errors.ts';
import type { Flash } from '../ports/flash.ts';
import type { UpdatePlan } from '../plan.ts';

export const BOOT_PATH = 'boot.py';
export const HOOK_MARKER = 'otalab_recover';

const utf8 = new TextDecoder('utf-8', { fatal: false });

async function carriesHook(flash: Flash, path: string): Promise<boolean> {
  const st = await flash.stat(path);
  return st?.kind === 'file' && utf8.decode(await flash.readFile(path)).includes(HOOK_MARKER);
}

/** Call once the plan's files are staged, before the commit. */
export async function checkBootHook(flash: Flash, plan: UpdatePlan, stageDir: string): Promise<void> {
  if (!(await carriesHook(flash, BOOT_PATH))) return;
  const fix = `keep "import ${HOOK_MARKER}" in boot.py, or add boot.py to \`ignore\``;
  if (plan.deletes.includes(BOOT_PATH)) {
    throw new OtaError('HOOK_REMOVED', `the update deletes boot.py, which runs otalab's recovery at boot; refusing it (${fix})`);
  }
  if (plan.download.some((f) => f.path === BOOT_PATH) && !(await carriesHook(flash, `${stageDir}/${BOOT_PATH}`))) {
    throw new OtaError('HOOK_REMOVED', `the update's boot.py no longer imports ${HOOK_MARKER}, so recovery would stop running at boot; refusing it (${fix})`);
  }
}
