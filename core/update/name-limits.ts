/**
 * littlefs refuses a name longer than 255 bytes (LFS_NAME_MAX). A path component can pass that
 * limit and its temporary still break it: `<stage>/<path>.part` adds 5 bytes to the last name.
 * Checked for every file the update will stage before anything touches the flash, so the
 * update is refused as a whole instead of failing midway (found by a hostile test: names of
 * 251–255 bytes). Backups keep the live names, and the state files' temporaries are fixed names.
 */
import { OtaError } from '../errors.ts';
import { MAX_SEGMENT_BYTES, splitPath } from '../paths/index.ts';
import type { UpdatePlan } from '../plan.ts';

export const PART_SUFFIX = '.part';

const utf8 = new TextEncoder();

export function checkNameLimits(plan: UpdatePlan): void {
  for (const f of plan.download) {
    const segments = splitPath(f.path);
    const last = utf8.encode(segments[segments.length - 1] ?? '').length;
    const limit = MAX_SEGMENT_BYTES - PART_SUFFIX.length;
    if (last > limit) {
      throw new OtaError(
        'PATH_REJECTED',
        `Failed to plan the update: the name of ${JSON.stringify(f.path)} has ${last} bytes; with its "${PART_SUFFIX}" temporary it exceeds the flash's ${MAX_SEGMENT_BYTES}-byte name limit (shorten it to at most ${limit} bytes)`,
      );
    }
  }
}
