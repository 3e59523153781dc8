/**
 * The planted commit-order defect the oracle's mutation tests use (the predecessor's H1): core's
 * roll-forward claims the new version (version.json) before it moves a single file. Returned as a
 * replacement module for `vi.mock('core/commit/apply.ts')`; `planted()` switches it per run.
 */
import type * as Apply from '../../core/commit/apply.ts';
import { writeVersion } from '../../core/state/index.ts';

export function withCommitOrderDefect(original: typeof Apply, planted: () => boolean = () => true): typeof Apply {
  return {
    ...original,
    // The wrong order: version.json names the target first, then the files follow.
    rollForward: async (...args: Parameters<typeof original.rollForward>) => {
      const [ports, j] = args;
      if (planted()) await writeVersion(ports.flash, { ref: j.target.ref, commit: j.target.commit, files: j.target_files, rejected: j.rejected });
      return original.rollForward(...args);
    },
  };
}
